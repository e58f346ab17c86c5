import { startVisit, type StartedVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

// POST /{api,console}/v1/targeting-rules/preview: which recent visits a draft rule would have matched.
describe('targeting: rule preview', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const send = (visit: StartedVisit, events: unknown[]) =>
    t.http.post(`/widget/v1/visits/${visit.visitId}/events`).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`).send({ events }).expect(200);
  const preview = (body: object, query = '', auth = t.apiAuth) => t.http.post(`/api/v1/targeting-rules/preview${query}`).set('Authorization', auth).send(body);

  it('counts the recent visits whose facts match, with a sample, and stores nothing', async () => {
    const marker = `/preview-${unique()}`;
    const [big, small] = [await startVisit(t, { url: `https://shop.example${marker}` }), await startVisit(t, { url: `https://shop.example${marker}` })];
    await send(big, [{ type: 'cart_update', items: [{ sku: 'TV', price: 450, quantity: 1 }] }]);
    await send(small, [{ type: 'cart_update', items: [{ sku: 'CABLE', price: 20, quantity: 1 }] }]);
    const rule = {
      name: 'Big carts on this page',
      conditions: {
        all: [
          { fact: 'page.url', operator: 'contains', value: marker },
          { fact: 'cart.value', operator: 'greaterThan', value: 300 },
        ],
      },
      action: { type: 'chat_invitation', message: 'Besoin d’aide ?' },
    };
    const rulesBefore = (await t.dataSource.query('SELECT count(*)::int AS n FROM targeting_rule'))[0].n;

    const answer = await preview(rule).expect(200);
    expect(answer.body).toMatchObject({ matched: 1, sample: [{ visitId: big.visitId, cartValue: 450, identified: false }] });
    expect(answer.body.evaluated).toBeGreaterThanOrEqual(2);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM targeting_rule'))[0].n).toBe(rulesBefore);

    // Only the last visit evaluated: the one with the small cart.
    expect((await preview(rule, '?visits=1').expect(200)).body).toMatchObject({ evaluated: 1, matched: 0, sample: [] });
    // A schedule that is never active at those times matches nothing.
    expect((await preview({ ...rule, schedule: { to: '2001-01-01' } }).expect(200)).body.matched).toBe(0);
  });

  it('validates the body as on create, bounds the number of visits, and is open to supervisors and the targeting scope only', async () => {
    const bad = await preview({ name: 'x', conditions: { all: [{ fact: 'cart.value', operator: 'greaterThan', value: 'lots' }] }, action: { type: 'chat_button' } }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_RULE', details: [{ field: 'conditions.all[0].value' }] });
    const rule = { name: 'x', conditions: { all: [] }, action: { type: 'faq_suggestion' } };
    await preview(rule, '?visits=1001').expect(400);
    await preview(rule, '?visits=0').expect(400);
    await preview(rule, '', await apiKeyWithScopes(t, ['targeting:manage'])).expect(200);
    await preview(rule, '', await apiKeyWithScopes(t, ['customers:read'])).expect(403);
    await t.http
      .post('/console/v1/targeting-rules/preview')
      .set('Authorization', await loginAsAdmin(t))
      .send(rule)
      .expect(200);
  });
});
