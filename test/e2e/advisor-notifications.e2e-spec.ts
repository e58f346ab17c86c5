import type { Socket } from 'socket.io-client';
import { ClientPurchasesService } from '../../src/advisor-notifications/client-purchases.service';
import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { createAdvisor, type CreatedAdvisor } from '../factories/advisor.factory';
import { createCustomer } from '../factories/customer.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { connectConsole, listen, nextEvent } from '../utils/chat-sockets';
import { loginAsAdmin, startTestApp, TestApp } from '../utils/test-app';

describe("the client's own advisor", () => {
  let t: TestApp;
  let baseUrl: string;
  let purchases: ClientPurchasesService;
  let identitySecret: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listen(t);
    purchases = t.app.get(ClientPurchasesService);
    const sites = await t.http.get('/api/v1/sites?limit=100').set('Authorization', t.apiAuth).expect(200);
    identitySecret = sites.body.items.find((s: { siteKey: string }) => s.siteKey === TEST_SITE_KEY).identitySecret;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const mailsTo = async (email: string) =>
    (
      await t.http
        .get(`/api/v1/outbox?to=${encodeURIComponent(email)}`)
        .set('Authorization', t.apiAuth)
        .expect(200)
    ).body.items as { kind: string; subject: string; text: string }[];
  const notificationsOf = async (a: CreatedAdvisor, filter = '') => (await t.http.get(`/console/v1/me/notifications${filter}`).set('Authorization', a.auth).expect(200)).body;

  /** An identified visit (signed identity token) that fills the cart, then buys. */
  const buyOnline = async (customerId: string, orderId: string, amount: number) => {
    const visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: 'https://shop.example/', identityToken: signIdentityToken({ customerId }, identitySecret) })
        .expect(201)
    ).body;
    const events = (body: object) =>
      t.http.post(`/widget/v1/visits/${visit.visitId}/events`).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`).send(body).expect(200);
    await events({ events: [{ type: 'cart_update', items: [{ sku: 'SOFA-OSLO', price: amount, quantity: 1 }] }] });
    await events({ events: [{ type: 'purchase', orderId, amount }] });
  };

  it('lists the profiles the advisor owns, searchable, with their last activity, one page at a time', async () => {
    const advisor = await createAdvisor(t, {});
    const other = await createAdvisor(t, {});
    const alice = await createCustomer(t, { name: 'Alice Martin', ownerAdvisorId: advisor.id });
    const bruno = await createCustomer(t, { name: 'Bruno Petit', ownerAdvisorId: advisor.id });
    await createCustomer(t, { name: 'Chloe Roux', ownerAdvisorId: other.id });
    await t.http
      .post(`/api/v1/customers/${alice.id}/interactions`)
      .set('Authorization', t.apiAuth)
      .send({ channel: 'store', type: 'store_visit', occurredAt: '2030-02-01T10:00:00Z' })
      .expect(201);

    const all = await t.http.get('/console/v1/me/clients').set('Authorization', advisor.auth).expect(200);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([bruno.id, alice.id]);
    expect(all.body.items[1]).toMatchObject({ name: 'Alice Martin', ownerAdvisorId: advisor.id, lastActivityAt: '2030-02-01T10:00:00.000Z' });
    expect(all.body.items[0].lastActivityAt).toBeNull();

    const found = await t.http.get('/console/v1/me/clients?q=alic').set('Authorization', advisor.auth).expect(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([alice.id]);

    const first = await t.http.get('/console/v1/me/clients?limit=1').set('Authorization', advisor.auth).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await t.http.get(`/console/v1/me/clients?limit=1&cursor=${first.body.nextCursor}`).set('Authorization', advisor.auth).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: alice.id })], nextCursor: null });

    await t.http.get('/console/v1/me/clients?q=a').set('Authorization', advisor.auth).expect(400);
    await t.http.get('/console/v1/me/clients').expect(401);
  });

  it('tells the owner once per order when their client buys online, on the console socket, in the list and by e-mail in their language', async () => {
    const advisor = await createAdvisor(t, { languages: ['fr'] });
    const client = await createCustomer(t, { name: 'Alice Durand', ownerAdvisorId: advisor.id });
    const socket = await connectConsole(baseUrl, advisor.auth.replace('Bearer ', ''));
    sockets.push(socket);
    const pushed = nextEvent<{ orderId: string; title: string; read: boolean }>(socket, 'notification:new');

    await buyOnline(client.id, 'WEB-1001', 899);
    await purchases.sweep();

    expect(await pushed).toMatchObject({ kind: 'client_purchase', orderId: 'WEB-1001', customerId: client.id, read: false });
    const mails = await mailsTo(advisor.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'client_purchase', subject: expect.stringContaining('Votre client Alice Durand a acheté en ligne') });
    expect(mails[0].subject).toContain('SOFA-OSLO x 1');

    // The same order seen again (a retried event, the integrator posting it too, another sweep): nothing new.
    await t.http
      .post(`/api/v1/customers/${client.id}/interactions`)
      .set('Authorization', t.apiAuth)
      .send({ channel: 'web', type: 'purchase', amount: 899, data: { orderId: 'WEB-1001' } })
      .expect(201);
    await purchases.sweep();
    await purchases.sweep();
    expect(await mailsTo(advisor.email)).toHaveLength(1);

    const list = await notificationsOf(advisor);
    expect(list).toMatchObject({
      unread: 1,
      nextCursor: null,
      items: [{ kind: 'client_purchase', orderId: 'WEB-1001', read: false, data: { amount: 899, items: ['SOFA-OSLO x 1'], channel: 'web' } }],
    });

    const id = list.items[0].id as string;
    const other = await createAdvisor(t, {});
    await t.http.post(`/console/v1/me/notifications/${id}/read`).set('Authorization', other.auth).expect(404);
    const read = await t.http.post(`/console/v1/me/notifications/${id}/read`).set('Authorization', advisor.auth).expect(200);
    expect(read.body).toMatchObject({ id, read: true, readAt: expect.any(String) });
    expect(await notificationsOf(advisor, '?filter=unread')).toEqual({ items: [], nextCursor: null, unread: 0 });
  });

  it('counts an online purchase posted by an integrator, in English for an English-speaking advisor, and not a purchase in a store', async () => {
    const advisor = await createAdvisor(t, { languages: ['en'] });
    const client = await createCustomer(t, { name: 'Jane Cole', ownerAdvisorId: advisor.id });
    const post = (body: object) => t.http.post(`/api/v1/customers/${client.id}/interactions`).set('Authorization', t.apiAuth).send(body).expect(201);
    await post({ channel: 'store', type: 'purchase', amount: 40, data: { orderId: 'TILL-7' } });
    await post({ channel: 'mobile', type: 'purchase', amount: 120, summary: 'Oak bookcase', data: { orderId: 'APP-77' } });
    await purchases.sweep();

    const mails = await mailsTo(advisor.email);
    expect(mails).toEqual([
      expect.objectContaining({ kind: 'client_purchase', subject: expect.stringMatching(/^Your client Jane Cole bought Oak bookcase \(order APP-77\), €120\.00 online$/) }),
    ]);
    expect((await notificationsOf(advisor)).items.map((n: { orderId: string }) => n.orderId)).toEqual(['APP-77']);
  });

  it('delivers a notification a crash left undelivered, without a second e-mail', async () => {
    const advisor = await createAdvisor(t, { languages: ['en'] });
    const client = await createCustomer(t, { ownerAdvisorId: advisor.id });
    await buyOnline(client.id, 'WEB-2002', 50);
    await purchases.sweep();
    // As if the process died after the mail was written but before the row was marked delivered.
    await t.dataSource.query(`UPDATE advisor_notification SET delivered_at = NULL WHERE advisor_id = $1`, [advisor.id]);
    await purchases.sweep();
    expect(await mailsTo(advisor.email)).toHaveLength(1);
    const [row] = await t.dataSource.query(`SELECT delivered_at FROM advisor_notification WHERE advisor_id = $1`, [advisor.id]);
    expect(row.delivered_at).not.toBeNull();
  });

  it("forgets a client's purchase notifications when the client is erased", async () => {
    const advisor = await createAdvisor(t);
    const client = await createCustomer(t, { ownerAdvisorId: advisor.id });
    await buyOnline(client.id, 'WEB-3003', 75);
    await purchases.sweep();
    expect((await notificationsOf(advisor)).items).toHaveLength(1);
    const admin = await loginAsAdmin(t);
    await t.http.delete(`/console/v1/customers/${client.id}`).set('Authorization', admin).expect(200);
    expect(await notificationsOf(advisor)).toEqual({ items: [], nextCursor: null, unread: 0 });
  });
});
