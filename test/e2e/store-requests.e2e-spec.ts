import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { createAdvisor } from '../factories/advisor.factory';
import { createCustomer } from '../factories/customer.factory';
import { startIdentifiedVisit, startVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { HttpReceiver, waitUntil } from '../utils/http-receiver';
import { startTestApp, TestApp, unique } from '../utils/test-app';
import { createStore } from '../factories/store.factory';

describe('store requests through to done', () => {
  let t: TestApp;
  let config: AppConfig;
  const receiver = new HttpReceiver(() => 200);
  let base: string;
  let store: { id: string; name: string };
  let otherStore: { id: string };
  let seller: Awaited<ReturnType<typeof createAdvisor>>;
  let colleague: Awaited<ReturnType<typeof createAdvisor>>;
  let elsewhere: Awaited<ReturnType<typeof createAdvisor>>;

  const api = (method: 'get' | 'post', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const widget = (path: string, token: string) => t.http.post(path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${token}`);
  const mailsTo = async (email: string) =>
    ((await api('get', `/api/v1/outbox?to=${encodeURIComponent(email)}`).expect(200)).body.items as { kind: string; subject: string; text: string }[]).reverse();
  const step = (id: string, action: string, auth = seller.auth) => t.http.post(`/console/v1/store-requests/${id}/${action}`).set('Authorization', auth).send({});

  beforeAll(async () => {
    t = await startTestApp();
    config = t.app.get(APP_CONFIG);
    config.webhooksAllowPrivateNetworks = true;
    base = await receiver.start();
    store = await createStore(t);
    otherStore = await createStore(t);
    seller = await createAdvisor(t, { name: 'Nadia Benali', roles: ['store_advisor'], channels: ['store'], storeId: store.id });
    colleague = await createAdvisor(t, { roles: ['store_advisor'], channels: ['store'], storeId: store.id });
    elsewhere = await createAdvisor(t, { roles: ['store_advisor'], channels: ['store'], storeId: otherStore.id });
  });
  afterAll(async () => {
    config.webhooksAllowPrivateNetworks = false;
    await t.close();
    await receiver.stop();
  });

  it("lets the visitor choose one of the store's advisors, and refuses another store's with 400", async () => {
    const choices = await t.http.get(`/widget/v1/stores/${store.id}/advisors`).set('X-Site-Key', TEST_SITE_KEY).expect(200);
    expect(choices.body.items).toEqual(expect.arrayContaining([{ id: seller.id, name: 'Nadia', skills: [], languages: ['fr'] }]));
    expect(JSON.stringify(choices.body)).not.toContain(seller.email);

    const { visitToken } = await startVisit(t);
    const refused = await widget('/widget/v1/store-requests', visitToken)
      .send({ storeId: store.id, email: `x.${unique()}@example.fr`, advisorId: elsewhere.id })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'ADVISOR_NOT_IN_STORE', details: [{ field: 'advisorId' }] });
    const tomorrowNoon = new Date(Date.now() + 36 * 3600_000);
    tomorrowNoon.setUTCMinutes(0, 0, 0);
    const appointment = { storeId: store.id, slotStart: tomorrowNoon.toISOString(), email: `x.${unique()}@example.fr` };
    expect(
      (
        await widget('/widget/v1/appointments', visitToken)
          .send({ ...appointment, advisorId: elsewhere.id })
          .expect(400)
      ).body.code,
    ).toBe('ADVISOR_NOT_IN_STORE');

    // The chosen advisor is the one booked, even when a colleague comes first in the store's order.
    const booked = await widget('/widget/v1/appointments', visitToken)
      .send({ ...appointment, advisorId: colleague.id })
      .expect(201);
    const [row] = await t.dataSource.query('SELECT advisor_id FROM appointment WHERE id = $1', [booked.body.id]);
    expect(row.advisor_id).toBe(colleague.id);
    // That advisor is now busy at that time: no one else is booked in their place.
    expect(
      (
        await widget('/widget/v1/appointments', visitToken)
          .send({ ...appointment, advisorId: colleague.id })
          .expect(409)
      ).body.code,
    ).toBe('SLOT_TAKEN');
  });

  it('moves new, taken, contacted, done with an e-mail at each visible step in the visitor language and a store_request.updated webhook each time', async () => {
    const hook = (
      await api('post', '/api/v1/webhooks')
        .send({ url: `${base}/store-requests`, events: ['store_request.updated'] })
        .expect(201)
    ).body;
    const { visitToken } = await startVisit(t);
    const email = `lea.${unique()}@example.fr`;
    const created = await widget('/widget/v1/store-requests', visitToken).send({ storeId: store.id, email, advisorId: seller.id, locale: 'fr', note: 'Canapé' }).expect(201);
    expect(created.body).toMatchObject({ status: 'new' });
    expect((await t.http.get(`/console/v1/store-requests/${created.body.id}`).set('Authorization', seller.auth).expect(200)).body).toMatchObject({
      status: 'new',
      requestedAdvisorId: seller.id,
    });

    // Invalid moves: 409 with a stable code and what is allowed.
    const early = await step(created.body.id, 'done').expect(409);
    expect(early.body).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { status: 'new', requested: 'done', allowed: ['taken', 'cancelled'] } });
    await step(created.body.id, 'contacted').expect(409);

    expect((await step(created.body.id, 'take').expect(200)).body).toMatchObject({ status: 'taken', advisorId: seller.id, takenAt: expect.any(String) });
    expect((await step(created.body.id, 'take', colleague.auth).expect(409)).body.code).toBe('ALREADY_TAKEN');
    expect((await step(created.body.id, 'contacted').expect(200)).body).toMatchObject({ status: 'contacted', contactedAt: expect.any(String) });
    expect((await step(created.body.id, 'done').expect(200)).body).toMatchObject({ status: 'done', closedAt: expect.any(String) });
    expect((await step(created.body.id, 'cancel').expect(409)).body).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { status: 'done', allowed: [] } });
    await step(created.body.id, 'take', elsewhere.auth).expect(404);

    const mails = await mailsTo(email);
    expect(mails.map((m) => m.kind)).toEqual(['store_request_taken', 'store_request_contacted', 'store_request_done']);
    expect(mails[0]).toMatchObject({
      subject: `${store.name} a bien reçu votre demande`,
      text: expect.stringContaining(`Nadia, de ${store.name}, a pris en charge votre demande`),
    });

    await waitUntil(() => receiver.on('/store-requests').length === 3);
    const bodies = receiver.on('/store-requests').map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.data.previousStatus, b.data.status])).toEqual([
      ['new', 'taken'],
      ['taken', 'contacted'],
      ['contacted', 'done'],
    ]);
    expect(bodies[0]).toMatchObject({
      type: 'store_request.updated',
      data: { storeRequestId: created.body.id, storeId: store.id, advisorId: seller.id, requestedAdvisorId: seller.id },
    });
    expect(receiver.on('/store-requests')[0].headers['x-relais-event']).toBe('store_request.updated');
    expect(JSON.stringify(bodies)).not.toContain(email);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', t.apiAuth).expect(204);
  });

  it("mails a cancellation in English to the identified profile's address when none was typed, and nothing to a phone-only request", async () => {
    const customer = await createCustomer(t, { locale: 'en' });
    const identified = await startIdentifiedVisit(t, customer);
    const byProfile = await widget('/widget/v1/store-requests', identified.visitToken).send({ storeId: store.id, phone: customer.phone, locale: 'en' }).expect(201);
    await step(byProfile.body.id, 'take').expect(200);
    await step(byProfile.body.id, 'cancel').expect(200);
    const mails = await mailsTo(customer.email);
    expect(mails.map((m) => m.subject)).toEqual([`${store.name} has your request`, `Your request to ${store.name} was cancelled`]);

    const { visitToken } = await startVisit(t);
    const phoneOnly = await widget('/widget/v1/store-requests', visitToken).send({ storeId: store.id, phone: '0612345678' }).expect(201);
    const cancelMails = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_mail WHERE kind = 'store_request_cancelled'`))[0].n as number;
    const before = await cancelMails();
    await step(phoneOnly.body.id, 'cancel').expect(200);
    expect(await cancelMails()).toBe(before);
    expect((await t.http.get(`/console/v1/store-requests?status=cancelled`).set('Authorization', seller.auth).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([byProfile.body.id, phoneOnly.body.id]),
    );
  });
});
