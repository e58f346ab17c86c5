import { DEMO_ADVISORS, DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SITE_KEY, DEMO_STORES } from '../../src/setup/demo-data';
import { loginAs, startTestApp, TestApp } from '../utils/test-app';

// What `npm start` shows a newcomer: the demo retailer, usable with the printed credentials.
describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.RELAIS_DEMO = 'true';
    t = await startTestApp();
  });
  afterAll(async () => {
    process.env.RELAIS_DEMO = 'false';
    await t.close();
  });

  it('seeds stores, advisors of every role and customers with timelines, usable with the printed credentials', async () => {
    const demoKey = `Bearer ${DEMO_API_KEY}`;
    const stores = await t.http.get('/api/v1/stores?near=48.85,2.35').set('Authorization', demoKey).expect(200);
    expect(stores.body.items.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(DEMO_STORES.map((s) => s.code)));
    expect(stores.body.items[0].code).toBe('PAR-RIVOLI');

    for (const advisor of DEMO_ADVISORS) await loginAs(t, advisor.email, DEMO_PASSWORD);
    expect(new Set(DEMO_ADVISORS.flatMap((a) => a.roles))).toEqual(new Set(['admin', 'supervisor', 'chat_advisor', 'phone_advisor', 'store_advisor']));

    for (const customer of DEMO_CUSTOMERS) {
      const found = await t.http.get(`/api/v1/customers?phone=${encodeURIComponent(customer.phone)}`).set('Authorization', demoKey).expect(200);
      expect(found.body.items).toHaveLength(1);
      const timeline = await t.http.get(`/api/v1/customers/${found.body.items[0].id}/timeline`).set('Authorization', demoKey).expect(200);
      expect(timeline.body.items).toHaveLength(customer.interactions.length);
    }
    await t.http.get('/widget/v1/stores').set('X-Site-Key', DEMO_SITE_KEY).expect(200);
  });
});
