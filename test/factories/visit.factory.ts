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
