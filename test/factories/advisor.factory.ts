import type { PresenceStatus } from '../../src/advisors/advisor.entity';
import { loginAs, type TestApp, unique } from '../utils/test-app';

export const ADVISOR_PASSWORD = 'advisor-password-123';

export function buildAdvisor(overrides: Record<string, unknown> = {}) {
  return { email: `advisor.${unique()}@relais.test`, name: `Camille ${unique()}`, password: ADVISOR_PASSWORD, roles: ['chat_advisor'], ...overrides };
}

export interface CreatedAdvisor {
  id: string;
  email: string;
  /** `Authorization` header value of their console session. */
  auth: string;
  setPresence(status: PresenceStatus): Promise<void>;
}

/** Creates an advisor through the integrator API, logs them in, and sets their presence when `presence` is given. */
export async function createAdvisor(t: TestApp, overrides: Record<string, unknown> = {}, presence?: PresenceStatus): Promise<CreatedAdvisor> {
  const fields = buildAdvisor(overrides);
  const created = await t.http.post('/api/v1/advisors').set('Authorization', t.apiAuth).send(fields).expect(201);
  const auth = await loginAs(t, fields.email, fields.password);
  const setPresence = async (status: PresenceStatus) => {
    await t.http.put('/console/v1/me/presence').set('Authorization', auth).send({ status }).expect(200);
  };
  if (presence) await setPresence(presence);
  return { id: created.body.id as string, email: fields.email, auth, setPresence };
}
