import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { createAdvisor } from '../factories/advisor.factory';
import { createCustomer } from '../factories/customer.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { startTestApp, TestApp } from '../utils/test-app';

// What the advisor console reads beyond the chat and phone routes: the whole timeline of a customer, the visit
// context of a handoff (pages, product, cart), and the callback figures of the supervisors' dashboard.
describe('console API: timeline, visit context, callback figures', () => {
  let t: TestApp;
  let identitySecret: string;
  const api = (method: 'get' | 'post', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const widget = (token: string, method: 'get' | 'post', path: string) => t.http[method](path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
    const site = (await api('get', '/api/v1/sites?limit=100').expect(200)).body.items.find((s: { siteKey: string }) => s.siteKey === TEST_SITE_KEY);
    identitySecret = site.identitySecret;
  });
  afterAll(() => t.close());

  /** An identified visit that views a product, fills the cart and opens a chat with the bot. */
  async function identifiedVisitWithChat(customerId: string) {
    const visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: 'https://shop.example/tv/oled-55', identityToken: signIdentityToken({ customerId }, identitySecret) })
        .expect(201)
    ).body;
    await widget(visit.visitToken, 'post', `/widget/v1/visits/${visit.visitId}/events`)
      .send({
        events: [
          { type: 'product_view', sku: 'TV-OLED-55', name: 'OLED TV 55"', family: 'tv', price: 1200 },
          { type: 'cart_update', items: [{ sku: 'TV-OLED-55', price: 1200, quantity: 1 }] },
          { type: 'page_view', url: 'https://shop.example/cart' },
        ],
      })
      .expect(200);
    const conversation = (await widget(visit.visitToken, 'post', '/widget/v1/conversations').send({ visitId: visit.visitId, locale: 'fr' }).expect(201)).body;
    await widget(visit.visitToken, 'post', `/widget/v1/conversations/${conversation.id}/messages`).send({ text: 'Bonjour' }).expect(201);
    return { visitId: visit.visitId as string, conversationId: conversation.id as string };
  }

  it("lists the customer's chats and website visits on the timeline beside recorded interactions, on every audience", async () => {
    const customer = await createCustomer(t);
    await api('post', `/api/v1/customers/${customer.id}/interactions`)
      .send({ channel: 'store', type: 'purchase', amount: 99.5, summary: 'Cable', occurredAt: '2026-01-05T10:00:00Z' })
      .expect(201);
    const { visitId, conversationId } = await identifiedVisitWithChat(customer.id);

    const timeline = (await api('get', `/api/v1/customers/${customer.id}/timeline`).expect(200)).body;
    expect(timeline.items).toEqual([
      expect.objectContaining({
        id: conversationId,
        channel: 'chat',
        type: 'chat',
        summary: 'Chat with the virtual agent',
        data: expect.objectContaining({ conversationId, visitId }),
      }),
      expect.objectContaining({
        id: visitId,
        channel: 'web',
        type: 'visit',
        summary: 'Website visit: 2 page(s), cart 1200 EUR',
        data: expect.objectContaining({ cartValue: 1200, product: expect.objectContaining({ sku: 'TV-OLED-55' }) }),
      }),
      expect.objectContaining({ channel: 'store', type: 'purchase', amount: 99.5 }),
    ]);
    // Filters and pages cover the chats and visits too.
    expect((await api('get', `/api/v1/customers/${customer.id}/timeline?channel=web`).expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([visitId]);
    const first = (await api('get', `/api/v1/customers/${customer.id}/timeline?limit=2`).expect(200)).body;
    const second = (await api('get', `/api/v1/customers/${customer.id}/timeline?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(timeline.items.map((i: { id: string }) => i.id));
    expect(second.nextCursor).toBeNull();

    const phone = await createAdvisor(t, { roles: ['phone_advisor'] });
    const seen = (await t.http.get(`/console/v1/customers/${customer.id}/timeline`).set('Authorization', phone.auth).expect(200)).body;
    expect(seen.items.map((i: { type: string }) => i.type)).toEqual(['chat', 'visit', 'purchase']);
  });

  it('gives the visit context of a chat: pages seen, the product and the cart', async () => {
    const customer = await createCustomer(t);
    const { visitId } = await identifiedVisitWithChat(customer.id);
    const visit = (await api('get', `/api/v1/visits/${visitId}`).expect(200)).body;
    expect(visit).toMatchObject({
      cartValue: 1200,
      pages: expect.arrayContaining([
        { path: '/tv/oled-55', views: 1 },
        { path: '/cart', views: 1 },
      ]),
      product: { sku: 'TV-OLED-55', name: 'OLED TV 55"', family: 'tv', price: 1200 },
      cart: [{ sku: 'TV-OLED-55', price: 1200, quantity: 1 }],
    });
  });

  it("gives supervisors the callback figures in the console (the dashboard's escalation chart), not other advisors", async () => {
    const range = `from=${encodeURIComponent('2026-01-01T00:00:00Z')}&to=${encodeURIComponent('2026-02-01T00:00:00Z')}`;
    const supervisor = await createAdvisor(t, { roles: ['supervisor'] });
    const report = (await t.http.get(`/console/v1/analytics/callbacks?${range}`).set('Authorization', supervisor.auth).expect(200)).body;
    expect(report).toMatchObject({ booked: expect.any(Number), outcomes: { reached: expect.any(Number), no_answer: expect.any(Number), wrong_number: expect.any(Number) } });
    const phone = await createAdvisor(t, { roles: ['phone_advisor'] });
    await t.http.get(`/console/v1/analytics/callbacks?${range}`).set('Authorization', phone.auth).expect(403);
    await api('get', `/api/v1/analytics/callbacks?${range}`).expect(200);
  });
});
