import { Clock } from '../../src/targeting/clock';
import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { ADVISOR_PASSWORD as PASSWORD, createAdvisor } from '../factories/advisor.factory';
import { createConversation } from '../factories/conversation.factory';
import { createCustomer } from '../factories/customer.factory';
import { startVisit as startWidgetVisit, type StartedVisit as Visit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, loginAs, startTestApp, TestApp, unique } from '../utils/test-app';

interface Action {
  id: string;
  type: string;
  ruleId: string;
  message?: string;
  offer?: { code?: string };
}

describe('targeting: rules, decisions and scenarios', () => {
  let t: TestApp;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, auth = t.apiAuth) => t.http[method](path).set('Authorization', auth);
  const createRule = async (rule: Record<string, unknown>) =>
    (
      await api('post', '/api/v1/targeting-rules')
        .send({ name: `rule ${unique()}`, ...rule })
        .expect(201)
    ).body as { id: string };
  const setTime = (iso: string | Date) => jest.spyOn(clock, 'now').mockImplementation(() => new Date(iso));

  const startVisit = (body: Record<string, unknown> = {}) => startWidgetVisit(t, body);
  const send = async (visit: Visit, events: unknown[]): Promise<{ actions: Action[]; nextCheckInSeconds?: number }> =>
    (
      await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', `Bearer ${visit.visitToken}`)
        .send({ events })
        .expect(200)
    ).body;
  const answer = (visit: Visit, actionId: string, response: string) =>
    t.http.post(`/widget/v1/visits/${visit.visitId}/actions/${actionId}`).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`).send({ response });
  const actionsOf = (visitId: string) => t.dataSource.query('SELECT * FROM targeting_action WHERE visit_id = $1 ORDER BY shown_at, created_at', [visitId]);

  /** A chat advisor with a skill only this test uses, so advisors of other tests never answer for it. */
  const chatAdvisor = (skill: string, presence: 'online' | 'offline', fields: Record<string, unknown> = {}) =>
    createAdvisor(t, { skills: [skill], channels: ['chat'], ...fields }, presence);
  const skill = () =>
    `skill_${unique()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;

  describe('rules CRUD', () => {
    it('creates, reads, lists, patches and deletes a rule', async () => {
      const created = await api('post', '/api/v1/targeting-rules')
        .send({
          name: 'TV help',
          priority: 10,
          conditions: { all: [{ fact: 'product.family', operator: 'equal', value: 'tv' }] },
          action: { type: 'chat_invitation', message: 'Besoin d’aide ?' },
          fallbackAction: { type: 'callback_offer' },
          schedule: { daysOfWeek: [1, 2, 3, 4, 5] },
        })
        .expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: 'TV help', enabled: true, priority: 10, schedule: { daysOfWeek: [1, 2, 3, 4, 5] } });
      const id = created.body.id;
      await api('get', `/api/v1/targeting-rules/${id}`).expect(200);
      const patched = await api('patch', `/api/v1/targeting-rules/${id}`).send({ priority: 20, schedule: null, enabled: false }).expect(200);
      expect(patched.body).toMatchObject({ priority: 20, enabled: false });
      expect(patched.body.schedule).toBeUndefined();
      const disabled = await api('get', '/api/v1/targeting-rules?enabled=false&limit=100').expect(200);
      expect(disabled.body.items.map((r: { id: string }) => r.id)).toContain(id);
      const [row] = await t.dataSource.query('SELECT priority, enabled, schedule FROM targeting_rule WHERE id = $1', [id]);
      expect(row).toEqual({ priority: 20, enabled: false, schedule: null });
      await api('delete', `/api/v1/targeting-rules/${id}`).expect(204);
      expect((await api('get', `/api/v1/targeting-rules/${id}`).expect(404)).body.code).toBe('TARGETING_RULE_NOT_FOUND');
    });

    it('refuses an invalid rule with 400 and the path of the bad field', async () => {
      const bad = await api('post', '/api/v1/targeting-rules')
        .send({
          name: 'bad',
          conditions: {
            all: [
              { fact: 'page.url', operator: 'contains', value: 'tv' },
              { fact: 'cart.value', operator: 'bigger', value: 3 },
            ],
          },
          action: { type: 'chat_button' },
        })
        .expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_RULE', details: [{ field: 'conditions.all[1].operator', code: 'unknown_operator' }] });
      const missing = await api('post', '/api/v1/targeting-rules')
        .send({ conditions: { all: [] }, action: { type: 'discount_offer' } })
        .expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['action.offer.code', 'name']);
      const rule = await createRule({ conditions: { all: [{ fact: 'page.url', operator: 'contains', value: `/never-${unique()}` }] }, action: { type: 'faq_suggestion' } });
      const patch = await api('patch', `/api/v1/targeting-rules/${rule.id}`)
        .send({ schedule: { timeZone: 'Mars/Olympus' } })
        .expect(400);
      expect(patch.body.details[0].field).toBe('schedule.timeZone');
      const fallback = await api('patch', `/api/v1/targeting-rules/${rule.id}`)
        .send({ fallbackAction: { type: 'callback_offer' } })
        .expect(400);
      expect(fallback.body.details[0]).toMatchObject({ field: 'fallbackAction', code: 'invalid_fallback' });
      await api('post', '/api/v1/targeting-rules').send([1, 2]).expect(400);
    });

    it('answers 404 for an unknown rule, 403 without the scope or role', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await api('get', `/api/v1/targeting-rules/${unknown}`).expect(404);
      await api('patch', `/api/v1/targeting-rules/${unknown}`).send({ priority: 1 }).expect(404);
      await api('delete', `/api/v1/targeting-rules/${unknown}`).expect(404);
      const visitsOnly = await apiKeyWithScopes(t, ['visits:read']);
      expect((await api('get', '/api/v1/targeting-rules', visitsOnly).expect(403)).body.code).toBe('MISSING_SCOPE');
      await api('get', '/api/v1/analytics/targeting', visitsOnly).expect(403);
      const rulesOnly = await apiKeyWithScopes(t, ['targeting:manage']);
      await api('get', `/api/v1/visits/${unknown}/decisions`, rulesOnly).expect(403);
      await t.http.get('/api/v1/targeting-rules').expect(401);
    });

    it('lets supervisors manage rules in the console, not chat advisors', async () => {
      const supervisor = `sup.${unique()}@relais.test`;
      const advisor = `adv.${unique()}@relais.test`;
      await api('post', '/api/v1/advisors')
        .send({ email: supervisor, name: 'Sup', password: PASSWORD, roles: ['supervisor'] })
        .expect(201);
      await api('post', '/api/v1/advisors')
        .send({ email: advisor, name: 'Adv', password: PASSWORD, roles: ['chat_advisor'] })
        .expect(201);
      const sup = await loginAs(t, supervisor, PASSWORD);
      const created = await api('post', '/console/v1/targeting-rules', sup)
        .send({ name: 'console rule', conditions: { all: [] }, action: { type: 'faq_suggestion' } })
        .expect(201);
      await api('patch', `/console/v1/targeting-rules/${created.body.id}`, sup).send({ enabled: false }).expect(200);
      await api('get', `/console/v1/targeting-rules/${created.body.id}`, sup).expect(200);
      const adv = await loginAs(t, advisor, PASSWORD);
      expect((await api('get', '/console/v1/targeting-rules', adv).expect(403)).body.code).toBe('MISSING_ROLE');
      await api('delete', `/console/v1/targeting-rules/${created.body.id}`, sup).expect(204);
    });
  });

  describe('merchant scenarios', () => {
    it('1. a TV product page over 300 EUR shows the chat button on that page and on the cart', async () => {
      const tvSkill = skill();
      await chatAdvisor(tvSkill, 'online');
      const path = `/s1-${unique()}`;
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'product.family', operator: 'equal', value: 'tv' },
            { fact: 'product.price', operator: 'greaterThan', value: 300 },
            { fact: 'page.type', operator: 'in', value: ['product', 'cart'] },
          ],
        },
        action: { type: 'chat_button' },
        requiresAdvisor: { skill: tvSkill },
      });
      const visit = await startVisit();
      const onProduct = await send(visit, [
        { type: 'page_view', url: `https://shop.example${path}/tv/oled-55`, pageType: 'product' },
        { type: 'product_view', sku: 'TV-55', family: 'tv', price: 899 },
      ]);
      expect(onProduct.actions).toEqual([{ id: expect.any(String), type: 'chat_button', ruleId: rule.id }]);
      const onCart = await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/cart`, pageType: 'cart' }]);
      expect(onCart.actions).toEqual(onProduct.actions);
      const elsewhere = await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/help`, pageType: 'faq' }]);
      expect(elsewhere.actions).toEqual([]);
      expect(await actionsOf(visit.visitId)).toEqual([expect.objectContaining({ rule_id: rule.id, type: 'chat_button', proactive: false })]);

      const cheap = await startVisit();
      const cheapTv = await send(cheap, [
        { type: 'page_view', url: `https://shop.example${path}/tv/small`, pageType: 'product' },
        { type: 'product_view', sku: 'TV-24', family: 'tv', price: 199 },
      ]);
      expect(cheapTv.actions).toEqual([]);
    });

    it('keeps a fallback button on screen with the same id while its rule matches, in the words of the rule as it is now', async () => {
      const path = `/buttons-${unique()}`;
      const rule = await createRule({
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
        action: { type: 'chat_button' },
        fallbackAction: { type: 'faq_suggestion', message: 'Delivery times' },
        requiresAdvisor: { skill: skill() },
      });
      const visit = await startVisit();
      const first = await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/a` }]);
      expect(first.actions).toEqual([{ id: expect.any(String), type: 'faq_suggestion', ruleId: rule.id, message: 'Delivery times' }]);
      // The same page on the shop's mobile host is the same page.
      const again = await send(visit, [{ type: 'page_view', url: `https://m.shop.example${path}/a?from=app` }]);
      expect(again.actions).toEqual(first.actions);
      expect((await api('get', `/api/v1/visits/${visit.visitId}/decisions`).expect(200)).body.facts['page.viewCount']).toBe(2);

      await api('patch', `/api/v1/targeting-rules/${rule.id}`)
        .send({ fallbackAction: { type: 'faq_suggestion', message: 'Delivery: 2 days' } })
        .expect(200);
      const edited = await send(visit, [{ type: 'idle', seconds: 5 }]);
      expect(edited.actions).toEqual([{ ...first.actions[0], message: 'Delivery: 2 days' }]);
      expect(await actionsOf(visit.visitId)).toEqual([expect.objectContaining({ type: 'faq_suggestion', fallback: true })]);
    });

    it('2a. a cart left untouched 40 s without a page change gives a chat invitation (server clock)', async () => {
      const cartSkill = skill();
      await chatAdvisor(cartSkill, 'online');
      const path = `/s2a-${unique()}`;
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'cart.idleSeconds', operator: 'greaterThanInclusive', value: 40 },
          ],
        },
        action: { type: 'chat_invitation', message: 'Une question sur votre panier ?' },
        requiresAdvisor: { skill: cartSkill },
      });
      const start = Date.parse('2026-03-10T10:00:00Z');
      setTime(new Date(start));
      const visit = await startVisit({ url: `https://shop.example${path}/tv` });
      const added = await send(visit, [{ type: 'cart_update', items: [{ sku: 'TV-55', family: 'tv', price: 899, quantity: 1 }] }]);
      expect(added.actions).toEqual([]);
      expect(added.nextCheckInSeconds).toBe(40);
      // The widget's own idle figure cannot speed things up: the server measures from what it saw.
      setTime(new Date(start + 20_000));
      expect((await send(visit, [{ type: 'idle', seconds: 600 }])).actions).toEqual([]);
      setTime(new Date(start + 41_000));
      const later = await send(visit, [{ type: 'idle', seconds: 41 }]);
      expect(later.actions).toEqual([{ id: expect.any(String), type: 'chat_invitation', ruleId: rule.id, message: 'Une question sur votre panier ?' }]);
      expect(await actionsOf(visit.visitId)).toEqual([expect.objectContaining({ type: 'chat_invitation', proactive: true, shown_at: new Date(start + 41_000) })]);

      // An empty cart never idles.
      setTime(new Date(start));
      const empty = await startVisit({ url: `https://shop.example${path}/tv` });
      setTime(new Date(start + 120_000));
      expect((await send(empty, [{ type: 'idle', seconds: 120 }])).actions).toEqual([]);
    });

    it('2b. the same product page viewed twice gives a chat invitation', async () => {
      const advisorSkill = skill();
      await chatAdvisor(advisorSkill, 'online');
      const path = `/s2b-${unique()}`;
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'page.type', operator: 'equal', value: 'product' },
            { fact: 'page.viewCount', operator: 'greaterThanInclusive', value: 2 },
          ],
        },
        action: { type: 'chat_invitation', message: 'Vous hésitez ? Un conseiller vous répond.' },
        requiresAdvisor: { skill: advisorSkill },
      });
      const visit = await startVisit();
      const product = `https://shop.example${path}/washer/wm-9`;
      expect((await send(visit, [{ type: 'page_view', url: product, pageType: 'product' }])).actions).toEqual([]);
      expect((await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/washer`, pageType: 'category' }])).actions).toEqual([]);
      const again = await send(visit, [{ type: 'page_view', url: `${product}?utm_source=reminder`, pageType: 'product' }]);
      expect(again.actions.map((a) => [a.type, a.ruleId])).toEqual([['chat_invitation', rule.id]]);
    });

    it('3. a visitor who declines is not invited again in that visit, but is in the next one', async () => {
      const advisorSkill = skill();
      await chatAdvisor(advisorSkill, 'online');
      const path = `/s3-${unique()}`;
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'page.type', operator: 'equal', value: 'product' },
          ],
        },
        action: { type: 'chat_invitation', message: 'On vous aide ?' },
        requiresAdvisor: { skill: advisorSkill },
        frequency: { maxPerVisit: 5 },
      });
      const visit = await startVisit();
      const first = await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/a`, pageType: 'product' }]);
      expect(first.actions).toHaveLength(1);
      const declined = await answer(visit, first.actions[0].id, 'declined').expect(200);
      expect(declined.body).toEqual({ id: first.actions[0].id, response: 'declined', respondedAt: expect.any(String) });
      await answer(visit, first.actions[0].id, 'declined').expect(200);
      expect((await answer(visit, first.actions[0].id, 'accepted').expect(409)).body.code).toBe('ACTION_ALREADY_ANSWERED');
      expect((await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/b`, pageType: 'product' }])).actions).toEqual([]);
      const decisions = await api('get', `/api/v1/visits/${visit.visitId}/decisions`).expect(200);
      expect(decisions.body.rules.find((r: { ruleId: string }) => r.ruleId === rule.id)).toMatchObject({ matched: true, outcome: 'suppressed_declined' });
      expect(decisions.body.history).toEqual([expect.objectContaining({ id: first.actions[0].id, response: 'declined' })]);

      const next = await startVisit({ visitorId: visit.visitorId });
      const again = await send(next, [{ type: 'page_view', url: `https://shop.example${path}/c`, pageType: 'product' }]);
      expect(again.actions.map((a) => a.ruleId)).toEqual([rule.id]);
    });

    it('3b. a decline answered while batches of the visit are being decided is never overwritten by them', async () => {
      const advisorSkill = skill();
      await chatAdvisor(advisorSkill, 'online');
      const path = `/s3b-${unique()}`;
      const rule = await createRule({
        conditions: { fact: 'page.url', operator: 'contains', value: path },
        action: { type: 'chat_invitation', message: 'On vous aide ?' },
        requiresAdvisor: { skill: advisorSkill },
        frequency: { maxPerVisit: 50, suppressAfterDecline: true },
      });
      const visit = await startVisit();
      const page = (n: number) => [{ type: 'page_view', url: `https://shop.example${path}/${n}` }];
      const first = await send(visit, page(0));
      expect(first.actions.map((a) => a.ruleId)).toEqual([rule.id]);
      const [declined] = await Promise.all([answer(visit, first.actions[0].id, 'declined'), ...Array.from({ length: 6 }, (_, n) => send(visit, page(n + 1)))]);
      expect(declined.status).toBe(200);
      const [row] = await t.dataSource.query('SELECT targeting, event_count FROM visit WHERE id = $1', [visit.visitId]);
      expect(row.targeting.declinedRuleIds).toEqual([rule.id]);
      expect(row.event_count).toBe(7);
      expect((await send(visit, page(9))).actions).toEqual([]);
    });

    it('4. with no advisor online, the chat invitation rule yields its callback offer', async () => {
      const advisorSkill = skill();
      const advisor = await chatAdvisor(advisorSkill, 'offline');
      const path = `/s4-${unique()}`;
      const rule = await createRule({
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
        action: { type: 'chat_invitation', message: 'Un expert en ligne ?' },
        fallbackAction: { type: 'callback_offer', message: 'Un expert vous rappelle' },
        requiresAdvisor: { skill: advisorSkill },
      });
      const visit = await startVisit();
      const offline = await send(visit, [{ type: 'page_view', url: `https://shop.example${path}/oven` }]);
      expect(offline.actions).toEqual([{ id: expect.any(String), type: 'callback_offer', ruleId: rule.id, message: 'Un expert vous rappelle' }]);
      expect(await actionsOf(visit.visitId)).toEqual([expect.objectContaining({ type: 'callback_offer', fallback: true })]);
      const explained = await api('get', `/api/v1/visits/${visit.visitId}/decisions`).expect(200);
      expect(explained.body.history[0]).toMatchObject({ type: 'callback_offer', fallback: true, ruleName: expect.any(String) });

      await advisor.setPresence('online');
      const online = await send(await startVisit(), [{ type: 'page_view', url: `https://shop.example${path}/oven` }]);
      expect(online.actions.map((a) => a.type)).toEqual(['chat_invitation']);
    });

    it('offers a chat only when routing would deliver it: not for an admin on the chat channel, nor when the advisor’s seats are taken', async () => {
      const advisorSkill = skill();
      const path = `/free-${unique()}`;
      await createRule({
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
        action: { type: 'chat_invitation', message: 'Un expert en ligne ?' },
        fallbackAction: { type: 'callback_offer', message: 'Un expert vous rappelle' },
        requiresAdvisor: { skill: advisorSkill },
      });
      const offered = async () => (await send(await startVisit(), [{ type: 'page_view', url: `https://shop.example${path}/oven` }])).actions.map((a) => a.type);

      // Routing offers chats to chat advisors and supervisors only.
      const admin = await chatAdvisor(advisorSkill, 'online', { roles: ['admin'] });
      expect(await offered()).toEqual(['callback_offer']);
      await admin.setPresence('offline');

      const advisor = await chatAdvisor(advisorSkill, 'online', { maxConcurrentChats: 1 });
      expect(await offered()).toEqual(['chat_invitation']);
      // A conversation offered to them and not yet answered holds their only seat.
      const pending = await createConversation(t.dataSource, {
        state: 'waiting_human',
        escalationRoute: 'human',
        escalatedAt: new Date(),
        offeredToId: advisor.id,
        offerExpiresAt: new Date(Date.now() + 60_000),
      });
      try {
        expect(await offered()).toEqual(['callback_offer']);
      } finally {
        await t.dataSource.query('DELETE FROM conversation WHERE id = $1', [pending.id]);
        await advisor.setPresence('offline');
      }
    });

    it('5. a product over 1,000 EUR offers a callback; an exit intent on the cart offers a discount code', async () => {
      const path = `/s5-${unique()}`;
      const callback = await createRule({
        priority: 5,
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'product.price', operator: 'greaterThan', value: 1000 },
          ],
        },
        action: { type: 'callback_offer', message: 'Un conseiller vous rappelle pour ce produit' },
      });
      const discount = await createRule({
        priority: 10,
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'page.type', operator: 'equal', value: 'cart' },
            { fact: 'exitIntent', operator: 'equal', value: true },
          ],
        },
        action: { type: 'discount_offer', message: 'Restez : -10 %', offer: { code: 'STAY10', label: '10 %' } },
      });
      const visit = await startVisit();
      const cheap = await send(visit, [
        { type: 'page_view', url: `https://shop.example${path}/fridge/a`, pageType: 'product' },
        { type: 'product_view', sku: 'F-1', family: 'fridge', price: 650 },
      ]);
      expect(cheap.actions).toEqual([]);
      const expensive = await send(visit, [
        { type: 'page_view', url: `https://shop.example${path}/fridge/b`, pageType: 'product' },
        { type: 'product_view', sku: 'F-2', family: 'fridge', price: 1890 },
      ]);
      expect(expensive.actions).toEqual([{ id: expect.any(String), type: 'callback_offer', ruleId: callback.id, message: 'Un conseiller vous rappelle pour ce produit' }]);

      const shopper = await startVisit();
      const cart = await send(shopper, [
        { type: 'page_view', url: `https://shop.example${path}/cart`, pageType: 'cart' },
        { type: 'cart_update', items: [{ sku: 'F-1', price: 650, quantity: 1 }] },
      ]);
      expect(cart.actions).toEqual([]);
      const leaving = await send(shopper, [{ type: 'exit_intent' }]);
      expect(leaving.actions).toEqual([
        { id: expect.any(String), type: 'discount_offer', ruleId: discount.id, message: 'Restez : -10 %', offer: { code: 'STAY10', label: '10 %' } },
      ]);
    });

    it('6. a rule scheduled for December does not fire in July (injected clock)', async () => {
      const path = `/s6-${unique()}`;
      const rule = await createRule({
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
        action: { type: 'faq_suggestion', message: 'Livraison avant Noël : nos délais' },
        schedule: { from: '2026-12-01', to: '2026-12-24', timeZone: 'Europe/Paris' },
      });
      setTime('2026-07-14T10:00:00Z');
      const july = await startVisit();
      expect((await send(july, [{ type: 'page_view', url: `https://shop.example${path}/gifts` }])).actions).toEqual([]);
      const why = await api('get', `/api/v1/visits/${july.visitId}/decisions`).expect(200);
      expect(why.body.rules.find((r: { ruleId: string }) => r.ruleId === rule.id)).toMatchObject({ matched: false, outcome: 'inactive_schedule' });

      setTime('2026-12-10T10:00:00Z');
      const december = await startVisit();
      const shown = await send(december, [{ type: 'page_view', url: `https://shop.example${path}/gifts` }]);
      expect(shown.actions.map((a) => a.ruleId)).toEqual([rule.id]);
    });

    it('7. a forged identity token does not link the visit to a profile', async () => {
      const path = `/s7-${unique()}`;
      const vip = await createCustomer(t, { tags: ['vip'] });
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'visitor.identified', operator: 'equal', value: true },
            { fact: 'customer.tags', operator: 'contains', value: 'vip' },
          ],
        },
        action: { type: 'discount_offer', offer: { code: 'VIP15' } },
      });
      const forged = await startVisit({ identityToken: signIdentityToken({ customerId: vip.id }, 'guessed-secret') });
      expect((await send(forged, [{ type: 'page_view', url: `https://shop.example${path}/` }])).actions).toEqual([]);
      const [row] = await t.dataSource.query('SELECT customer_id FROM visit WHERE id = $1', [forged.visitId]);
      expect(row.customer_id).toBeNull();
      const why = await api('get', `/api/v1/visits/${forged.visitId}/decisions`).expect(200);
      expect(why.body.facts['visitor.identified']).toBe(false);

      const sites = await api('get', '/api/v1/sites?limit=100').expect(200);
      const secret = sites.body.items.find((s: { siteKey: string }) => s.siteKey === TEST_SITE_KEY).identitySecret;
      const genuine = await startVisit({ identityToken: signIdentityToken({ customerId: vip.id }, secret) });
      expect((await send(genuine, [{ type: 'page_view', url: `https://shop.example${path}/` }])).actions.map((a) => a.ruleId)).toEqual([rule.id]);
    });
  });

  describe('decisions, answers and analytics', () => {
    it('explains each rule with the actual value of every condition', async () => {
      const path = `/ex-${unique()}`;
      const rule = await createRule({
        conditions: {
          all: [
            { fact: 'page.url', operator: 'contains', value: path },
            { fact: 'cart.value', operator: 'greaterThan', value: 500 },
          ],
        },
        action: { type: 'callback_offer' },
      });
      const visit = await startVisit();
      await send(visit, [
        { type: 'page_view', url: `https://shop.example${path}/cart`, pageType: 'cart' },
        { type: 'cart_update', items: [{ sku: 'A', price: 120, quantity: 2 }] },
      ]);
      const response = await api('get', `/api/v1/visits/${visit.visitId}/decisions`).expect(200);
      const explained = response.body.rules.find((r: { ruleId: string }) => r.ruleId === rule.id);
      expect(explained).toMatchObject({
        ruleName: expect.any(String),
        matched: false,
        outcome: 'not_matched',
        conditions: {
          passed: false,
          leaves: [
            { path: 'conditions.all[0]', passed: true },
            { path: 'conditions.all[1]', fact: 'cart.value', expected: 500, actual: 240, passed: false },
          ],
        },
      });
      expect(response.body.facts).toMatchObject({ 'cart.value': 240, 'page.type': 'cart' });
    });

    it('refuses an unknown action, another visit token and a bad response', async () => {
      const visit = await startVisit();
      const other = await startVisit();
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await answer(visit, unknown, 'accepted').expect(404)).body.code).toBe('ACTION_NOT_FOUND');
      expect((await answer(visit, unknown, 'maybe').expect(400)).body.details[0].field).toBe('response');
      const mismatch = await t.http
        .post(`/widget/v1/visits/${visit.visitId}/actions/${unknown}`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', `Bearer ${other.visitToken}`)
        .send({ response: 'accepted' });
      expect(mismatch.status).toBe(401);
    });

    it('counts shown, accepted, declined and converted actions against a control group, and reports uplift', async () => {
      const from = new Date(Date.now() - 60_000).toISOString();
      const path = `/an-${unique()}`;
      const rule = await createRule({
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] },
        action: { type: 'discount_offer', offer: { code: 'WELCOME5' } },
        controlGroupPercent: 50,
      });
      let shown = 0;
      let control = 0;
      let controlConverted = 0;
      for (let n = 0; n < 16; n++) {
        const visit = await startVisit();
        const { actions } = await send(visit, [{ id: 'p1', type: 'page_view', url: `https://shop.example${path}/${n}` }]);
        // A resent batch counts once.
        await send(visit, [{ id: 'p1', type: 'page_view', url: `https://shop.example${path}/${n}` }]);
        if (actions.length) {
          shown += 1;
          await answer(visit, actions[0].id, n % 2 ? 'accepted' : 'declined').expect(200);
          await send(visit, [{ type: 'purchase', orderId: `o-${n}`, amount: 100 }]);
        } else {
          control += 1;
          if (n % 2) {
            controlConverted += 1;
            await send(visit, [{ type: 'purchase', orderId: `o-${n}`, amount: 100 }]);
          }
        }
      }
      expect(shown).toBeGreaterThan(0);
      expect(control).toBeGreaterThan(0);
      const rows = await t.dataSource.query('SELECT control, count(*)::int AS n FROM targeting_action WHERE rule_id = $1 GROUP BY control ORDER BY control', [rule.id]);
      expect(rows).toEqual([
        { control: false, n: shown },
        { control: true, n: control },
      ]);

      const to = new Date(Date.now() + 60_000).toISOString();
      const report = await api('get', `/api/v1/analytics/targeting?from=${from}&to=${to}`).expect(200);
      const figures = report.body.byRule.find((r: { ruleId: string }) => r.ruleId === rule.id);
      const accepted = (await t.dataSource.query(`SELECT count(*)::int AS n FROM targeting_action WHERE rule_id = $1 AND response = 'accepted'`, [rule.id]))[0].n;
      expect(figures).toMatchObject({
        actionType: 'discount_offer',
        proactive: true,
        shown,
        accepted,
        declined: shown - accepted,
        converted: shown,
        control,
        controlConverted,
        conversionRate: 1,
      });
      // Evaluated once per batch: the resent batch was still evaluated, but its events were not counted twice.
      expect(figures.evaluated).toBeGreaterThanOrEqual(16 * 2);
      expect(figures.matched).toBe(figures.evaluated);
      expect(figures.acceptanceRate).toBeCloseTo(accepted / shown, 3);
      expect(figures.controlConversionRate).toBeCloseTo(controlConverted / control, 3);
      expect(figures.uplift).toBeCloseTo(1 - controlConverted / control, 3);
      expect(report.body.proactive.shown).toBeGreaterThanOrEqual(shown);
      expect(report.body.byActionType.find((r: { actionType: string }) => r.actionType === 'discount_offer').shown).toBeGreaterThanOrEqual(shown);
      const analyst = await apiKeyWithScopes(t, ['analytics:read']);
      await api('get', '/api/v1/analytics/targeting', analyst).expect(200);
      expect((await api('get', '/api/v1/analytics/targeting?from=yesterday', analyst).expect(400)).body.details[0].field).toBe('from');
      await api('get', `/api/v1/analytics/targeting?from=${to}&to=${from}`, analyst).expect(400);
    });

    it('converts an action accepted in one visit when the visitor buys in a later visit within the window', async () => {
      const path = `/aw-${unique()}`;
      await createRule({ conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] }, action: { type: 'discount_offer', offer: { code: 'BACK5' } } });
      const first = await startVisit();
      const [offer] = (await send(first, [{ type: 'page_view', url: `https://shop.example${path}/x` }])).actions;
      await answer(first, offer.id, 'accepted').expect(200);
      const second = await startVisit({ visitorId: first.visitorId, url: 'https://shop.example/checkout' });
      await send(second, [{ type: 'checkout_start' }, { type: 'purchase', orderId: `o-${unique()}`, amount: 250 }]);
      const [row] = await t.dataSource.query('SELECT converted_at FROM targeting_action WHERE id = $1', [offer.id]);
      expect(row.converted_at).not.toBeNull();
      expect((await t.dataSource.query('SELECT purchased_at FROM visit WHERE id = $1', [second.visitId]))[0].purchased_at).not.toBeNull();
    });
  });
});
