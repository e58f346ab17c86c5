import { DEMO_ADVISORS, DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SITE_KEY, DEMO_STORES } from '../../src/setup/demo-data';
import { startTestApp, TestApp, loginAs } from '../utils/test-app';

const onPostgres = !!process.env.DATABASE_URL;

// What `npm start` shows a newcomer: the demo retailer, usable with the printed credentials.
describe('demo data', () => {
  let t: TestApp | undefined;
  const saved = { ...process.env };
  afterEach(async () => {
    await t?.close();
    t = undefined;
    process.env = { ...saved };
  });

  const startWith = async (env: Record<string, string>) => {
    Object.assign(process.env, env);
    t = await startTestApp();
    return t;
  };

  (onPostgres ? it.skip : it)('seeds stores, advisors of every role and customers with timelines, usable with the printed credentials (embedded)', async () => {
    const t = await startWith({ RELAIS_DEMO: 'true' });
    const demoKey = `Bearer ${DEMO_API_KEY}`;
    const stores = await t.http.get('/api/v1/stores?near=48.85,2.35').set('Authorization', demoKey).expect(200);
    expect(stores.body.items.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(DEMO_STORES.map((s) => s.code)));
    expect(stores.body.items[0].code).toBe('PAR-RIVOLI');

    for (const advisor of DEMO_ADVISORS) await loginAs(t, advisor.email, DEMO_PASSWORD);
    expect(new Set(DEMO_ADVISORS.flatMap((a) => a.roles))).toEqual(new Set(['admin', 'supervisor', 'chat_advisor', 'phone_advisor', 'store_advisor']));

    for (const customer of DEMO_CUSTOMERS) {
      const found = await t.http
        .get(`/api/v1/customers?phone=${encodeURIComponent(customer.phone)}`)
        .set('Authorization', demoKey)
        .expect(200);
      expect(found.body.items).toHaveLength(1);
      const timeline = await t.http.get(`/api/v1/customers/${found.body.items[0].id}/timeline`).set('Authorization', demoKey).expect(200);
      expect(timeline.body.items).toHaveLength(customer.interactions.length);
    }
    await t.http.get('/widget/v1/stores').set('X-Site-Key', DEMO_SITE_KEY).expect(200);
  });

  (onPostgres ? it : it.skip)('on PostgreSQL refuses to seed unless forced, and forced never uses the published key or password', async () => {
    const admin = DEMO_ADVISORS[0].email;
    const refused = await startWith({ RELAIS_DEMO: 'true' });
    await refused.http.get('/api/v1/stores').set('Authorization', `Bearer ${DEMO_API_KEY}`).expect(401);
    expect(await refused.dataSource.query('SELECT 1 FROM advisor WHERE email = $1', [admin])).toEqual([]);
    await refused.close();
    t = undefined;

    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    let forced: TestApp;
    try {
      forced = await startWith({ RELAIS_DEMO: 'true', RELAIS_DEMO_FORCE: 'true' });
    } finally {
      write.mockRestore();
    }
    const output = printed.join('');
    const apiKey = /Demo API key \(integrators\): (\S+)/.exec(output)?.[1];
    const password = /Demo advisor password: (\S+)/.exec(output)?.[1];
    expect(apiKey).toBeDefined();
    expect(password).toBeDefined();
    expect(apiKey).not.toBe(DEMO_API_KEY);
    expect(password).not.toBe(DEMO_PASSWORD);

    await forced.http.get('/api/v1/stores').set('Authorization', `Bearer ${DEMO_API_KEY}`).expect(401);
    await forced.http.post('/console/v1/auth/login').send({ email: admin, password: DEMO_PASSWORD }).expect(401);
    await forced.http.get('/api/v1/stores').set('Authorization', `Bearer ${apiKey}`).expect(200);
    await loginAs(forced, admin, password!);
    await forced.close();
    t = undefined;

    // Printed once: a restart finds the demo seeded and prints no credentials again.
    const again: string[] = [];
    const writeAgain = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (again.push(String(chunk)), true));
    try {
      await startWith({ RELAIS_DEMO: 'true', RELAIS_DEMO_FORCE: 'true' });
    } finally {
      writeAgain.mockRestore();
    }
    expect(again.join('')).not.toContain('Demo API key');
  });
});
