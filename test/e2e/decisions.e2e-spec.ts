import { Clock } from '../../src/targeting/clock';
import { DecisionRecordsService } from '../../src/targeting/decision-records.service';
import { TEST_SITE_KEY } from '../setup/test-database';
import { loginAs, startTestApp, TestApp, unique } from '../utils/test-app';

interface Visit {
  visitId: string;
  visitToken: string;
}

describe('targeting decisions are recorded when made', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const send = async (visit: Visit, events: unknown[]) =>
    (
      await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', `Bearer ${visit.visitToken}`)
        .send({ events })
        .expect(200)
    ).body;
  const decisionsOf = async (visit: Visit) => (await api('get', `/api/v1/visits/${visit.visitId}/decisions`).expect(200)).body;

  it('keeps a no_advisor refusal as it was after an advisor comes online, and records the later show beside it', async () => {
    const skill = `dec${unique()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;
    const email = `dec.${unique()}@relais.test`;
    await api('post', '/api/v1/advisors')
      .send({ email, name: 'Chat', password: 'advisor-password-123', roles: ['chat_advisor'], skills: [skill], channels: ['chat'] })
      .expect(201);
    const advisor = await loginAs(t, email, 'advisor-password-123');
    const path = `/dec-${unique()}`;
    const rule = (
      await api('post', '/api/v1/targeting-rules')
        .send({
          name: `Help with TVs ${unique()}`,
          conditions: {
            all: [
              { fact: 'page.url', operator: 'contains', value: path },
              { fact: 'cart.value', operator: 'greaterThan', value: 100 },
            ],
          },
          action: { type: 'chat_invitation', message: 'Need help?' },
          requiresAdvisor: { skill },
        })
        .expect(201)
    ).body;
    const visit: Visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: `https://shop.example${path}` })
        .expect(201)
    ).body;

    const refused = await send(visit, [
      { type: 'page_view', url: `https://shop.example${path}/tv`, pageType: 'product' },
      { type: 'cart_update', items: [{ sku: 'TV', price: 450, quantity: 1 }] },
    ]);
    expect(refused.actions).toEqual([]);
    // The same refusal on the next batch is the same decision, not a new one.
    await send(visit, [{ type: 'idle', seconds: 5 }]);

    const before = await decisionsOf(visit);
    expect(before.decisions).toEqual([
      {
        ruleId: rule.id,
        ruleName: rule.name,
        decidedAt: expect.any(String),
        outcome: 'no_advisor',
        action: 'chat_invitation',
        reason: expect.stringMatching(/advisor/),
        facts: expect.objectContaining({ 'cart.value': 450, 'page.type': 'product' }),
        conditions: {
          passed: true,
          leaves: [
            expect.objectContaining({ fact: 'page.url', actual: `https://shop.example${path}/tv`, passed: true }),
            expect.objectContaining({ fact: 'cart.value', expected: 100, actual: 450, passed: true }),
          ],
        },
      },
    ]);

    await t.http.put('/console/v1/me/presence').set('Authorization', advisor).send({ status: 'online' }).expect(200);
    const after = await decisionsOf(visit);
    expect(after.decisions).toEqual(before.decisions);
    // What the rules would decide now is a separate, labelled view.
    expect(after.rules.find((r: { ruleId: string }) => r.ruleId === rule.id)).toMatchObject({ outcome: 'shown' });

    const shown = await send(visit, [{ type: 'idle', seconds: 10 }]);
    expect(shown.actions).toEqual([expect.objectContaining({ type: 'chat_invitation', ruleId: rule.id })]);
    expect((await decisionsOf(visit)).decisions.map((d: { outcome: string }) => d.outcome)).toEqual(['no_advisor', 'shown']);
    await t.http.put('/console/v1/me/presence').set('Authorization', advisor).send({ status: 'offline' }).expect(200);
  });

  it('deletes recorded decisions after the retention period, not before', async () => {
    const path = `/ret-${unique()}`;
    await api('post', '/api/v1/targeting-rules')
      .send({ name: `FAQ ${unique()}`, conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] }, action: { type: 'faq_suggestion', message: 'Delivery' } })
      .expect(201);
    const visit: Visit = (
      await t.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ url: `https://shop.example${path}` })
        .expect(201)
    ).body;
    await send(visit, [{ type: 'page_view', url: `https://shop.example${path}` }]);
    expect((await decisionsOf(visit)).decisions).toHaveLength(1);

    const clock = t.app.get(Clock);
    const records = t.app.get(DecisionRecordsService);
    const now = Date.now();
    jest.spyOn(clock, 'now').mockReturnValue(new Date(now + 89 * 24 * 3600 * 1000));
    await records.deleteExpired();
    expect((await decisionsOf(visit)).decisions).toHaveLength(1);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(now + 91 * 24 * 3600 * 1000));
    expect(await records.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect((await decisionsOf(visit)).decisions).toEqual([]);
  });
});
