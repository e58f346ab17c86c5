import type { IdentityClaims } from '../../src/tracking/identity/identity-token';
import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { TEST_SITE_KEY } from '../setup/test-database';
import type { TestApp } from '../utils/test-app';

export interface StartedVisit {
  visitId: string;
  visitToken: string;
  visitorId: string;
}

/** Starts a visit through the widget API, as the site's script does; `headers` e.g. a user agent or forwarded IP. */
export async function startVisit(t: TestApp, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<StartedVisit> {
  const request = t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY);
  for (const [name, value] of Object.entries(headers)) void request.set(name, value);
  return (await request.send({ url: 'https://shop.example/', ...body }).expect(201)).body as StartedVisit;
}

/** The test site's identity secret, which merchants sign identity tokens with. */
export async function testSiteIdentitySecret(t: TestApp): Promise<string> {
  const [{ identity_secret }] = (await t.dataSource.query('SELECT identity_secret FROM site WHERE site_key = $1', [TEST_SITE_KEY])) as { identity_secret: string }[];
  return identity_secret;
}

/**
 * A visit identified the only way Relais believes: a token the merchant signed for the customer
 * (`Relais.identify(token)`), here naming their profile id unless `claims` say otherwise.
 */
export async function startIdentifiedVisit(t: TestApp, customer: { id: string } | IdentityClaims, body: Record<string, unknown> = {}): Promise<StartedVisit> {
  const claims: IdentityClaims = 'id' in customer ? { customerId: customer.id } : customer;
  const identityToken = signIdentityToken({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 }, await testSiteIdentitySecret(t));
  return startVisit(t, { ...body, identityToken });
}
