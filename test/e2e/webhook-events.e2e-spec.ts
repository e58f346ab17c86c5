import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { createAdvisor } from '../factories/advisor.factory';
import { createCustomer } from '../factories/customer.factory';
import { startIdentifiedVisit, startVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { HttpReceiver, waitUntil } from '../utils/http-receiver';
import { loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';
import { createStore } from '../factories/store.factory';

/** The events this suite makes happen, each to its own path of one real HTTP receiver. */
const EVENTS = ['conversation.escalated', 'conversation.closed', 'callback.booked', 'callback.missed', 'appointment.booked', 'purchase.attributed'];

describe('webhook events of conversations, escalations and purchases', () => {
  let t: TestApp;
  let config: AppConfig;
  const receiver = new HttpReceiver(() => 200);
  let base: string;
  const hooks: string[] = [];

  const api = (method: 'get' | 'post', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const widget = (path: string, token: string) => t.http.post(path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${token}`);
  /** The events of `type` received so far, parsed, once at least `count` arrived. */
  const received = async (type: string, count = 1) => {
    await waitUntil(() => receiver.on(`/${type}`).length >= count);
    return receiver
      .on(`/${type}`)
      .map((r) => ({ headers: r.headers, body: JSON.parse(r.body) as { id: string; type: string; occurredAt: string; data: Record<string, unknown> } }));
  };

  beforeAll(async () => {
    t = await startTestApp();
    config = t.app.get(APP_CONFIG);
    config.webhooksAllowPrivateNetworks = true;
    base = await receiver.start();
    for (const type of EVENTS)
      hooks.push(
        (
          await api('post', '/api/v1/webhooks')
            .send({ url: `${base}/${type}`, events: [type] })
            .expect(201)
        ).body.id,
      );
  });
  afterAll(async () => {
    for (const id of hooks) await t.http.delete(`/api/v1/webhooks/${id}`).set('Authorization', t.apiAuth).expect(204);
    config.webhooksAllowPrivateNetworks = false;
    await t.close();
    await receiver.stop();
  });

  it('sends conversation.escalated once live chat has answered, then conversation.closed when the visitor ends it', async () => {
    const customer = await createCustomer(t);
    const visit = await startIdentifiedVisit(t, customer);
    const conversation = (await widget('/widget/v1/conversations', visit.visitToken).send({ locale: 'fr' }).expect(201)).body;
    const turn = (await widget(`/widget/v1/conversations/${conversation.id}/messages`, visit.visitToken).send({ text: 'je veux parler à un conseiller' }).expect(201)).body;

    const [escalated] = (await received('conversation.escalated')).filter((e) => e.body.data.conversationId === conversation.id);
    expect(escalated.headers['x-relais-event']).toBe('conversation.escalated');
    expect(escalated.body).toMatchObject({
      type: 'conversation.escalated',
      data: {
        conversationId: conversation.id,
        visitId: visit.visitId,
        customerId: customer.id,
        route: 'human',
        reason: 'explicit_request',
        state: turn.state,
        handover: turn.handover.status,
      },
    });

    await widget(`/widget/v1/conversations/${conversation.id}/close`, visit.visitToken).send().expect(204);
    const [closed] = (await received('conversation.closed')).filter((e) => e.body.data.conversationId === conversation.id);
    expect(closed.body).toMatchObject({ type: 'conversation.closed', data: { conversationId: conversation.id, customerId: customer.id, closedBy: 'visitor', advisorId: null } });
  });

  it('sends callback.booked when a callback is booked and callback.missed when it closes without reaching the person', async () => {
    const { visitToken } = await startVisit(t);
    const slots = (await t.http.get('/widget/v1/callback-slots?days=7').set('X-Site-Key', TEST_SITE_KEY).expect(200)).body.items as { start: string }[];
    const phone = '0611223344';
    const booked = (
      await widget('/widget/v1/callbacks', visitToken)
        .send({ slotStart: slots[slots.length - 1].start, phone })
        .expect(201)
    ).body;

    const [event] = (await received('callback.booked')).filter((e) => e.body.data.callbackId === booked.id);
    expect(event.body.data).toMatchObject({ callbackId: booked.id, slotStart: booked.slotStart, promisedBy: booked.promisedBy });
    expect(JSON.stringify(event.body)).not.toContain('11223344');

    // Its time comes; the number turns out to be wrong.
    await t.dataSource.query(`UPDATE callback SET due_at = now() - interval '1 minute' WHERE id = $1`, [booked.id]);
    const admin = await loginAsAdmin(t);
    await t.http.post(`/console/v1/callbacks/${booked.id}/outcome`).set('Authorization', admin).send({ outcome: 'wrong_number' }).expect(200);
    const [missed] = (await received('callback.missed')).filter((e) => e.body.data.callbackId === booked.id);
    expect(missed.body).toMatchObject({ type: 'callback.missed', data: { callbackId: booked.id, outcome: 'wrong_number', attempts: 1 } });
  });

  it('sends appointment.booked with the store and the advisor booked', async () => {
    const store = await createStore(t);
    const advisor = await createAdvisor(t, { roles: ['store_advisor'], channels: ['store'], storeId: store.id });
    const { visitToken } = await startVisit(t);
    const slot = new Date(Date.now() + 48 * 3600_000);
    slot.setUTCMinutes(0, 0, 0);
    const booked = (
      await widget('/widget/v1/appointments', visitToken)
        .send({ storeId: store.id, slotStart: slot.toISOString(), email: `rdv.${unique()}@example.fr` })
        .expect(201)
    ).body;

    const [event] = (await received('appointment.booked')).filter((e) => e.body.data.appointmentId === booked.id);
    expect(event.body).toMatchObject({ type: 'appointment.booked', data: { appointmentId: booked.id, storeId: store.id, advisorId: advisor.id, slotStart: slot.toISOString() } });
  });

  it('sends purchase.attributed when a purchase converts a targeting action shown in the visit, and nothing for a purchase without one', async () => {
    const path = `/wh-${unique()}`;
    const rule = (
      await api('post', '/api/v1/targeting-rules')
        .send({
          name: `Delivery FAQ ${unique()}`,
          conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
          action: { type: 'faq_suggestion', message: 'Delivery' },
        })
        .expect(201)
    ).body;
    const visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: `https://shop.example${path}` })
        .expect(201)
    ).body;
    const send = (events: unknown[], v = visit) =>
      t.http.post(`/widget/v1/visits/${v.visitId}/events`).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${v.visitToken}`).send({ events }).expect(200);
    // A purchase in a visit nothing was shown in comes first: by the time the attributed one arrives, it would have too.
    const plain = (await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).send({ url: 'https://shop.example/nothing-targeted' }).expect(201)).body;
    await send([{ type: 'purchase', orderId: `ORD-${unique()}`, amount: 10 }], plain);
    await send([{ type: 'page_view', url: `https://shop.example${path}/delivery` }]);
    await send([{ type: 'purchase', orderId: `ORD-${unique()}`, amount: 120 }]);

    const [event] = (await received('purchase.attributed')).filter((e) => e.body.data.visitId === visit.visitId);
    expect(event.body).toMatchObject({
      type: 'purchase.attributed',
      data: { visitId: visit.visitId, orders: [{ amount: 120 }], actions: [{ ruleId: rule.id, actionType: 'faq_suggestion', visitId: visit.visitId }] },
    });

    expect(receiver.on('/purchase.attributed').map((r) => JSON.parse(r.body).data.visitId)).not.toContain(plain.visitId);
    await t.http.delete(`/api/v1/targeting-rules/${rule.id}`).set('Authorization', t.apiAuth).expect(204);
  });
});
