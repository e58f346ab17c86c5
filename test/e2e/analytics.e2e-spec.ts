import { Clock } from '../../src/targeting/clock';
import { AgentService } from '../../src/virtual-agent/agent.service';
import { createAdvisor } from '../factories/advisor.factory';
import { startVisit, type StartedVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, startTestApp, TestApp, unique } from '../utils/test-app';

interface Action {
  id: string;
  ruleId: string;
}

// Each e2e file has its own database, so the totals of a period are exactly what this file seeded in it. Visits,
// events and answers to proposals take the server's Clock (moved into May 2031); conversations are timed by the database.
describe('engagement analytics', () => {
  let t: TestApp;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    await t.app.get(AgentService).ready();
  }, 180_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const api = (path: string, auth = t.apiAuth) => t.http.get(path).set('Authorization', auth);
  const setTime = (iso: string) => jest.spyOn(clock, 'now').mockImplementation(() => new Date(iso));
  const widget = (visit: StartedVisit, path: string) => t.http.post(path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`);
  const send = async (visit: StartedVisit, events: unknown[]): Promise<Action[]> =>
    (await widget(visit, `/widget/v1/visits/${visit.visitId}/events`).send({ events }).expect(200)).body.actions;
  const answer = (visit: StartedVisit, action: Action, response: string) => widget(visit, `/widget/v1/visits/${visit.visitId}/actions/${action.id}`).send({ response }).expect(200);
  const createRule = async (path: string, action: Record<string, unknown>) =>
    (
      await t.http
        .post('/api/v1/targeting-rules')
        .set('Authorization', t.apiAuth)
        .send({ name: `rule ${path}`, conditions: { all: [{ fact: 'page.url', operator: 'contains', value: path }] }, action })
        .expect(201)
    ).body as {
      id: string;
      name: string;
    };
  const page = (path: string) => ({ type: 'page_view', url: `https://shop.example${path}` });
  const purchase = (orderId: string, amount: number) => ({ type: 'purchase', orderId, amount });

  describe('sales attribution, proposals and callbacks (May 2031)', () => {
    const period = 'from=2031-05-01T00:00:00Z&to=2031-06-01T00:00:00Z';
    let rule: { id: string; name: string };

    beforeAll(async () => {
      const path = `/promo-${unique()}`;
      rule = await createRule(path, { type: 'discount_offer', offer: { code: 'MAY10' } });
      /** A visitor's first visit on the rule's page at `at`, answering the proposal shown (or not), and a purchase in a later visit. */
      const visitor = async (at: string, response: string | null, later?: { at: string; orderId: string; amount: number }) => {
        setTime(at);
        const first = await startVisit(t);
        const [shown] = await send(first, [page(path)]);
        expect(shown.ruleId).toBe(rule.id);
        if (response) await answer(first, shown, response);
        if (!later) return first;
        setTime(later.at);
        const second = await startVisit(t, { visitorId: first.visitorId });
        await send(second, [page('/checkout'), purchase(later.orderId, later.amount)]);
        // The same order sent again counts once.
        await send(second, [purchase(later.orderId, later.amount)]);
        return first;
      };
      // Accepted, then bought two days later: attributed.
      await visitor('2031-05-03T10:00:00Z', 'accepted', { at: '2031-05-05T10:00:00Z', orderId: `a-${unique()}`, amount: 120 });
      // Shown and ignored, then bought the next day: after shown only, not attributed.
      await visitor('2031-05-03T11:00:00Z', null, { at: '2031-05-04T11:00:00Z', orderId: `b-${unique()}`, amount: 80 });
      // Accepted, but bought 17 days later: outside the window, neither.
      await visitor('2031-05-03T12:00:00Z', 'accepted', { at: '2031-05-20T12:00:00Z', orderId: `c-${unique()}`, amount: 60 });
      // Declined, then bought in the same visit: after shown only.
      const declined = await visitor('2031-05-07T09:00:00Z', 'declined');
      await send(declined, [purchase(`e-${unique()}`, 30)]);
      // Never shown anything.
      setTime('2031-05-06T09:00:00Z');
      await send(await startVisit(t), [page('/home'), purchase(`d-${unique()}`, 50)]);

      // Callbacks: kept (first attempt before the promise), attempted late, never attempted.
      const callback = (slot: string, promised: string, firstOutcome: string | null) =>
        t.dataSource.query(
          `INSERT INTO callback (phone, slot_start, slot_end, promised_by, due_at, first_outcome_at, status) VALUES ('+33600000000', $1, $1::timestamptz + interval '15 minutes', $2, $1, $3, 'booked')`,
          [slot, promised, firstOutcome],
        );
      await callback('2031-05-10T09:00:00Z', '2031-05-10T09:30:00Z', '2031-05-10T09:20:00Z');
      await callback('2031-05-11T09:00:00Z', '2031-05-11T09:30:00Z', '2031-05-11T09:45:00Z');
      await callback('2031-05-12T09:00:00Z', '2031-05-12T09:30:00Z', null);
      setTime('2031-06-01T00:00:00Z');
    });

    it('attributes a sale to an accepted proposal, and one after a proposal only shown apart', async () => {
      const report = (await api(`/api/v1/analytics/engagement?${period}&groupBy=rule`).expect(200)).body;
      expect(report).toMatchObject({ from: '2031-05-01T00:00:00.000Z', to: '2031-06-01T00:00:00.000Z', groupBy: 'rule', attributionWindowDays: 7 });
      expect(report.totals).toMatchObject({
        visits: 8,
        proposalsShown: 4,
        proposalsAccepted: 2,
        proposalsDeclined: 1,
        proposalsDismissed: 0,
        acceptanceRate: 0.5,
        sales: 5,
        revenue: 340,
        salesAttributed: 1,
        revenueAttributed: 120,
        salesAfterShownOnly: 2,
        revenueAfterShownOnly: 110,
        chats: 0,
        deflectionRate: null,
        callbacksBooked: 3,
        callbacksDue: 3,
        callbacksKeptWithinPromise: 1,
        callbacksKeptRate: 0.3333,
        appointments: 0,
        controlHeldOut: 0,
        uplift: null,
      });
      expect(report.groups).toEqual([
        expect.objectContaining({
          key: rule.id,
          name: rule.name,
          visits: null,
          proposalsShown: 4,
          proposalsAccepted: 2,
          sales: 3,
          revenue: 230,
          salesAttributed: 1,
          revenueAttributed: 120,
          salesAfterShownOnly: 2,
          revenueAfterShownOnly: 110,
          callbacksBooked: null,
        }),
        expect.objectContaining({ key: null, name: null, proposalsShown: 0, sales: 2, revenue: 110, salesAttributed: 0, salesAfterShownOnly: 0 }),
      ]);
    });

    it('groups by day, every day of the period, and by channel', async () => {
      const byDay = (await api(`/api/v1/analytics/engagement?${period}`).expect(200)).body;
      expect(byDay.groupBy).toBe('day');
      expect(byDay.groups).toHaveLength(31);
      expect(byDay.groups.find((g: { key: string }) => g.key === '2031-05-03')).toMatchObject({ visits: 3, proposalsShown: 3, proposalsAccepted: 2, sales: 0 });
      expect(byDay.groups.find((g: { key: string }) => g.key === '2031-05-05')).toMatchObject({ visits: 1, sales: 1, salesAttributed: 1, revenueAttributed: 120 });
      expect(byDay.groups.find((g: { key: string }) => g.key === '2031-05-10')).toMatchObject({ callbacksBooked: 1, callbacksKeptWithinPromise: 1, callbacksKeptRate: 1 });
      const byChannel = (await api(`/api/v1/analytics/engagement?${period}&groupBy=channel`).expect(200)).body;
      expect(byChannel.groups).toEqual([
        expect.objectContaining({ key: 'direct', visits: 8, proposalsShown: 4, sales: 5 }),
        expect.objectContaining({ key: null, visits: 0, callbacksBooked: 3 }),
      ]);
    });

    it('answers CSV with a header line and one line per group', async () => {
      const csv = await api(`/api/v1/analytics/engagement?${period}&groupBy=rule`).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines).toHaveLength(3);
      const header = lines[0].split(',');
      expect(header.slice(0, 4)).toEqual(['rule', 'ruleName', 'visits', 'proposalsShown']);
      const row = Object.fromEntries(lines[1].split(',').map((cell, i) => [header[i], cell]));
      expect(row).toMatchObject({ rule: rule.id, visits: '', proposalsShown: '4', salesAttributed: '1', revenueAttributed: '120', salesAfterShownOnly: '2' });
      const byDay = await api(`/api/v1/analytics/engagement?${period}&groupBy=day`).set('Accept', 'text/csv').expect(200);
      expect(byDay.text.trimEnd().split('\r\n')).toHaveLength(32);
    });
  });

  it('counts chats from a proposal and reactive ones, bot resolution, feedback, escalations by route, and a sale after chatting', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const path = `/help-${unique()}`;
    const rule = await createRule(path, { type: 'faq_suggestion', message: 'délai de livraison' });
    const conversation = async (visit: StartedVisit) =>
      (await widget(visit, '/widget/v1/conversations').send({ visitId: visit.visitId, locale: 'fr' }).expect(201)).body.id as string;
    const say = async (visit: StartedVisit, id: string, text: string) => (await widget(visit, `/widget/v1/conversations/${id}/messages`).send({ text }).expect(201)).body;

    // Took up the FAQ proposal, the bot answered, "yes it helped", then bought.
    const prompted = await startVisit(t);
    const [faq] = await send(prompted, [page(path)]);
    await answer(prompted, faq, 'accepted');
    const helped = await conversation(prompted);
    const turn = await say(prompted, helped, 'délai de livraison');
    expect(turn.replies[0]).toMatchObject({ action: 'answer' });
    await widget(prompted, `/widget/v1/conversations/${helped}/messages/${turn.replies[0].id}/feedback`).send({ helpful: true }).expect(201);
    await send(prompted, [purchase(`f-${unique()}`, 99.5)]);
    // Opened the chat unprompted and asked for a person.
    const reactive = await startVisit(t);
    const escalated = await say(reactive, await conversation(reactive), 'je veux parler à un conseiller');
    expect(escalated.replies[0]).toMatchObject({ action: 'escalate' });
    // Opened the chat and wrote nothing: no chat.
    await conversation(await startVisit(t));

    const to = new Date(Date.now() + 1000).toISOString();
    const report = (await api(`/api/v1/analytics/engagement?from=${from}&to=${to}&groupBy=route`).expect(200)).body;
    expect(report.totals).toMatchObject({
      visits: 3,
      proposalsShown: 1,
      proposalsAccepted: 1,
      chats: 2,
      chatsFromProposal: 1,
      chatsReactive: 1,
      botResolved: 1,
      deflectionRate: 0.5,
      helpfulYes: 1,
      helpfulNo: 0,
      helpfulYesRate: 1,
      helpfulNoRate: 0,
      escalations: 1,
      escalationsHuman: 1,
      humanChats: 0,
      sales: 1,
      salesAttributed: 1,
      revenueAttributed: 99.5,
    });
    expect(report.groups.map((g: { key: string | null }) => g.key)).toEqual(['call', 'callback', 'human', 'store', null]);
    expect(report.groups.find((g: { key: string | null }) => g.key === 'human')).toMatchObject({
      chats: 1,
      escalations: 1,
      escalationsHuman: 1,
      botResolved: 0,
      visits: null,
      sales: null,
    });
    expect(report.groups.find((g: { key: string | null }) => g.key === null)).toMatchObject({ chats: 1, botResolved: 1, escalations: 0 });

    const byRule = (await api(`/api/v1/analytics/engagement?from=${from}&to=${to}&groupBy=rule`).expect(200)).body;
    expect(byRule.groups).toEqual([
      expect.objectContaining({ key: rule.id, chats: 1, chatsFromProposal: 1, botResolved: 1, helpfulYes: 1, sales: 1, salesAttributed: 1 }),
      expect.objectContaining({ key: null, chats: 1, chatsReactive: 1, escalationsHuman: 1, sales: 0 }),
    ]);
  });

  it('refuses a bad period with 400 and the reason, and defaults to the last 30 days', async () => {
    const inverted = await api('/api/v1/analytics/engagement?from=2031-05-02&to=2031-05-01').expect(400);
    expect(inverted.body).toMatchObject({ statusCode: 400, code: 'INVALID_PERIOD', details: [{ field: 'from', reasons: ['must be before to'] }] });
    expect((await api('/api/v1/analytics/engagement?from=2031-05-01&to=2031-05-01').expect(400)).body.code).toBe('INVALID_PERIOD');
    const long = await api('/api/v1/analytics/engagement?from=2030-01-01&to=2031-01-03').expect(400);
    expect(long.body).toMatchObject({ code: 'PERIOD_TOO_LONG', details: [{ field: 'to' }] });
    expect((await api('/api/v1/analytics/engagement?from=yesterday').expect(400)).body.details[0].field).toBe('from');
    expect((await api('/api/v1/analytics/engagement?groupBy=week').expect(400)).body.details[0].field).toBe('groupBy');
    setTime('2031-06-01T00:00:00Z');
    const defaults = (await api('/api/v1/analytics/engagement').expect(200)).body;
    expect(defaults).toMatchObject({ from: '2031-05-02T00:00:00.000Z', to: '2031-06-01T00:00:00.000Z', groupBy: 'day' });
    expect(defaults.groups).toHaveLength(30);
  });

  it('needs analytics:read on /api, and a supervisor or admin on /console', async () => {
    const visitsOnly = await apiKeyWithScopes(t, ['visits:read']);
    expect((await api('/api/v1/analytics/engagement', visitsOnly).expect(403)).body.code).toBe('MISSING_SCOPE');
    await api('/api/v1/analytics/engagement', await apiKeyWithScopes(t, ['analytics:read'])).expect(200);
    await t.http.get('/api/v1/analytics/engagement').expect(401);
    const supervisor = await createAdvisor(t, { roles: ['supervisor'] });
    await api('/console/v1/analytics/engagement?groupBy=channel', supervisor.auth).expect(200);
    const chatAdvisor = await createAdvisor(t, { roles: ['chat_advisor'] });
    expect((await api('/console/v1/analytics/engagement', chatAdvisor.auth).expect(403)).body.code).toBe('MISSING_ROLE');
  });
});
