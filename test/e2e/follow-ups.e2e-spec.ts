import { CartFollowUpsService } from '../../src/follow-ups/cart-follow-ups.service';
import { Clock } from '../../src/targeting/clock';
import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { createCustomer } from '../factories/customer.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { loginAs, startTestApp, TestApp, unique } from '../utils/test-app';

const at = (iso: string) => new Date(iso);

describe('abandoned carts on the server clock', () => {
  let t: TestApp;
  let clock: Clock;
  let followUps: CartFollowUpsService;
  let identitySecret: string;
  let siteId: string;
  let now: Date;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    followUps = t.app.get(CartFollowUpsService);
    jest.spyOn(clock, 'now').mockImplementation(() => now);
    const site = (await api('get', '/api/v1/sites?limit=100').expect(200)).body.items.find((s: { siteKey: string }) => s.siteKey === TEST_SITE_KEY);
    identitySecret = site.identitySecret;
    siteId = site.id;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const api = (method: 'get' | 'post' | 'patch' | 'put', path: string, auth = t.apiAuth) => t.http[method](path).set('Authorization', auth);
  const sweepAt = async (iso: string) => {
    now = at(iso);
    await followUps.sweep();
  };
  /** A known customer's visit that puts `amount` EUR in the cart at `iso`. */
  const cartAt = async (customerId: string, iso: string, amount: number) => {
    now = at(iso);
    const visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: 'https://shop.example/cart', identityToken: signIdentityToken({ customerId }, identitySecret) })
        .expect(201)
    ).body;
    await t.http
      .post(`/widget/v1/visits/${visit.visitId}/events`)
      .set('X-Site-Key', TEST_SITE_KEY)
      .set('Authorization', `Bearer ${visit.visitToken}`)
      .send({ events: [{ type: 'cart_update', items: [{ sku: 'LAMP-1', price: amount, quantity: 1 }] }] })
      .expect(200);
    return visit.visitId as string;
  };
  const followUpOf = async (customerId: string) => (await api('get', `/api/v1/cart-follow-ups?customerId=${customerId}`).expect(200)).body.items as Record<string, unknown>[];
  const mailsTo = async (email: string) =>
    (await api('get', `/api/v1/outbox?to=${encodeURIComponent(email)}`).expect(200)).body.items as { kind: string; subject: string; text: string }[];
  const consenting = () => ({ locale: 'en', consents: { marketingEmail: { granted: true }, source: 'web_checkout' } });

  it('mails a cart abandoned at 10:00 the next day at 10:00, not before, and once', async () => {
    const customer = await createCustomer(t, consenting());
    const visitId = await cartAt(customer.id, '2030-01-15T10:00:00Z', 120);

    await sweepAt('2030-01-15T10:30:00Z'); // active half an hour ago: not abandoned yet
    expect(await followUpOf(customer.id)).toEqual([]);
    await sweepAt('2030-01-15T11:05:00Z');
    expect(await followUpOf(customer.id)).toEqual([
      expect.objectContaining({
        visitId,
        status: 'scheduled',
        mode: 'automatic',
        cartValue: 120,
        abandonedAt: '2030-01-15T10:00:00.000Z',
        dueAt: '2030-01-16T10:00:00.000Z',
        expiresAt: '2030-01-23T10:00:00.000Z',
      }),
    ]);

    await sweepAt('2030-01-16T09:59:00Z');
    expect(await mailsTo(customer.email)).toEqual([]);
    await sweepAt('2030-01-16T10:00:00Z');
    await sweepAt('2030-01-16T10:01:00Z');
    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'cart_follow_up', subject: 'Your cart is waiting for you' });
    expect(mails[0].text).toContain('LAMP-1 x 1');
    expect(mails[0].text).toMatch(/\/unsubscribe\/\S+/);
    expect((await followUpOf(customer.id))[0]).toMatchObject({ status: 'sent', sentAt: '2030-01-16T10:00:00.000Z', outcome: null });

    // Never recovered within 8 days: counted lost.
    await sweepAt('2030-01-23T10:01:00Z');
    expect((await followUpOf(customer.id))[0]).toMatchObject({ status: 'sent', outcome: 'not_recovered' });
  });

  it('cancels the follow-up when the customer buys at 18:00 on another channel, and records the recovery', async () => {
    const customer = await createCustomer(t, consenting());
    await cartAt(customer.id, '2030-02-10T10:00:00Z', 80);
    await sweepAt('2030-02-10T11:30:00Z');
    await api('post', `/api/v1/customers/${customer.id}/interactions`).send({ channel: 'store', type: 'purchase', amount: 95.5, occurredAt: '2030-02-10T18:00:00Z' }).expect(201);
    await sweepAt('2030-02-10T18:01:00Z');
    expect((await followUpOf(customer.id))[0]).toMatchObject({ status: 'cancelled', outcome: 'recovered', recoveredAmount: 95.5, recoveredAt: '2030-02-10T18:00:00.000Z' });
    await sweepAt('2030-02-11T10:00:00Z');
    expect(await mailsTo(customer.email)).toEqual([]);
  });

  it('makes a 900 EUR cart a task for the client’s own advisor, not an e-mail', async () => {
    const email = `owner.${unique()}@relais.test`;
    const advisor = (
      await api('post', '/api/v1/advisors')
        .send({ email, name: 'Own advisor', password: 'advisor-password-123', roles: ['chat_advisor'] })
        .expect(201)
    ).body;
    const customer = await createCustomer(t, { ...consenting(), ownerAdvisorId: advisor.id });
    const visitId = await cartAt(customer.id, '2030-03-05T10:00:00Z', 900);
    await sweepAt('2030-03-05T11:30:00Z');
    expect((await followUpOf(customer.id))[0]).toMatchObject({ mode: 'manual', manualReason: 'high_value', status: 'scheduled' });
    await sweepAt('2030-03-06T10:00:00Z');
    expect(await mailsTo(customer.email)).toEqual([]);

    const auth = await loginAs(t, email, 'advisor-password-123');
    const tasks = (await api('get', '/console/v1/cart-follow-ups?status=task_open', auth).expect(200)).body.items;
    expect(tasks).toEqual([
      expect.objectContaining({ customerId: customer.id, visitId, ownerAdvisorId: advisor.id, cartValue: 900, cart: [{ sku: 'LAMP-1', price: 900, quantity: 1 }] }),
    ]);
    const done = await api('post', `/console/v1/cart-follow-ups/${tasks[0].id}/done`, auth).expect(201);
    expect(done.body).toMatchObject({ status: 'done', doneById: advisor.id });
  });

  it('sends nothing to a customer without marketing consent', async () => {
    const customer = await createCustomer(t, { locale: 'fr' });
    await cartAt(customer.id, '2030-04-01T10:00:00Z', 60);
    await sweepAt('2030-04-01T11:30:00Z');
    await sweepAt('2030-04-02T10:00:00Z');
    expect(await mailsTo(customer.email)).toEqual([]);
    expect((await followUpOf(customer.id))[0]).toMatchObject({ status: 'skipped', skipReason: 'no_marketing_consent' });
  });

  it('unsubscribes without logging in, once and for good', async () => {
    const customer = await createCustomer(t, consenting());
    await cartAt(customer.id, '2030-05-01T10:00:00Z', 45);
    await sweepAt('2030-05-01T11:30:00Z');
    await sweepAt('2030-05-02T10:00:00Z');
    const link = /\/unsubscribe\/\S+/.exec((await mailsTo(customer.email))[0].text)![0];

    const page = await t.http.get(link).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/no more marketing e-mails/);
    const profile = (await api('get', `/api/v1/customers/${customer.id}`).expect(200)).body;
    expect(profile.consents.marketingEmail).toMatchObject({ granted: false, source: 'unsubscribe_link' });
    await t.http.post(link).expect(201); // one-click from a mail client: the same, and nothing more to change
    expect((await t.http.get(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))).expect(404)).body.code).toBe('UNSUBSCRIBE_LINK_INVALID');

    // The next abandoned cart gets nothing.
    await cartAt(customer.id, '2030-05-03T10:00:00Z', 45);
    await sweepAt('2030-05-03T11:30:00Z');
    await sweepAt('2030-05-04T10:00:00Z');
    expect(await mailsTo(customer.email)).toHaveLength(1);
    const latest = (await followUpOf(customer.id)).find((f) => f.abandonedAt === '2030-05-03T10:00:00.000Z');
    expect(latest).toMatchObject({ status: 'skipped', skipReason: 'no_marketing_consent' });
  });

  it('lets integrators edit the site policy within its limits', async () => {
    expect((await api('get', `/api/v1/sites/${siteId}/follow-up-policy`).expect(200)).body).toMatchObject({ delayHours: 24, maxDays: 8, manualAboveAmount: 500 });
    const edited = await api('put', `/api/v1/sites/${siteId}/follow-up-policy`).send({ incentiveCode: 'COMEBACK5' }).expect(200);
    expect(edited.body).toMatchObject({ delayHours: 24, incentiveCode: 'COMEBACK5' });
    expect((await api('put', `/api/v1/sites/${siteId}/follow-up-policy`).send({ maxDays: 9 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api('put', `/api/v1/sites/${siteId}/follow-up-policy`).send({ maxDays: 1, delayHours: 48 }).expect(422)).body.code).toBe('FOLLOW_UP_DELAY_TOO_LONG');
    await api('put', '/api/v1/sites/00000000-0000-4000-8000-000000000000/follow-up-policy').send({}).expect(404);
    await api('put', `/api/v1/sites/${siteId}/follow-up-policy`).send({ incentiveCode: null }).expect(200);
  });
});
