import { randomUUID } from 'node:crypto';
import { TokensService } from '../../src/auth/tokens.service';
import { AgentService } from '../../src/virtual-agent/agent.service';
import { createAdvisor, type CreatedAdvisor } from '../factories/advisor.factory';
import { createCustomer } from '../factories/customer.factory';
import { startIdentifiedVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));

interface Visitor {
  visitId: string;
  visitorId: string;
  token: string;
}

describe('conversations: the visitor and the virtual agent', () => {
  let t: TestApp;
  let siteId: string;
  let admin: string;
  let chatTeam: { hours: unknown; closures: unknown };
  let advisor: CreatedAdvisor;

  beforeAll(async () => {
    t = await startTestApp();
    [{ id: siteId }] = await t.dataSource.query('SELECT id FROM site WHERE site_key = $1', [TEST_SITE_KEY]);
    admin = await loginAsAdmin(t);
    // A hand-over waits for a person only when one can come: the chat team is open and an advisor takes chats.
    chatTeam = (await t.http.get('/api/v1/teams').set('Authorization', t.apiAuth).expect(200)).body.items.find((team: { key: string }) => team.key === 'chat');
    await t.http.patch('/api/v1/teams/chat').set('Authorization', t.apiAuth).send({ hours: ALL_DAY, closures: [] }).expect(200);
    advisor = await createAdvisor(t, { roles: ['chat_advisor'], channels: ['chat'], maxConcurrentChats: 50 }, 'online');
    // Training (or loading the cached model) is this file's setup, not the first test's.
    await t.app.get(AgentService).ready();
  }, 180_000);
  afterAll(async () => {
    await advisor.setPresence('offline');
    await t.http.patch('/api/v1/teams/chat').set('Authorization', t.apiAuth).send({ hours: chatTeam.hours, closures: chatTeam.closures }).expect(200);
    await t.close();
  });

  const newVisitor = (visitorId = `v-${unique()}`): Visitor => {
    const visitId = randomUUID();
    return { visitId, visitorId, token: t.app.get(TokensService).signVisit(visitId, visitorId, siteId) };
  };
  const widget = (visitor: Visitor, method: 'get' | 'post', path: string) => t.http[method](path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visitor.token}`);
  const start = async (visitor: Visitor, body: object = { locale: 'fr' }) =>
    (await widget(visitor, 'post', '/widget/v1/conversations').send(body).expect(201)).body as { id: string; state: string };
  const say = (visitor: Visitor, id: string, text: string) => widget(visitor, 'post', `/widget/v1/conversations/${id}/messages`).send({ text });
  const messagesInDb = (id: string) => t.dataSource.query('SELECT author, text, intent, action FROM conversation_message WHERE conversation_id = $1 ORDER BY created_at, id', [id]);

  it('starts a conversation for the visitor of the visit token, in the bot state', async () => {
    const visitor = newVisitor();
    const started = await widget(visitor, 'post', '/widget/v1/conversations').send({ visitId: visitor.visitId, locale: 'fr-FR' }).expect(201);
    expect(started.body).toEqual({ id: expect.any(String), state: 'bot' });
    const [row] = await t.dataSource.query('SELECT site_id, visit_id, visitor_id, customer_id, locale, state FROM conversation WHERE id = $1', [started.body.id]);
    expect(row).toEqual({ site_id: siteId, visit_id: visitor.visitId, visitor_id: visitor.visitorId, customer_id: null, locale: 'fr', state: 'bot' });
    const other = await widget(visitor, 'post', '/widget/v1/conversations').send({ visitId: randomUUID() }).expect(400);
    expect(other.body.code).toBe('VISIT_MISMATCH');
    await widget(visitor, 'post', '/widget/v1/conversations').send({ locale: 'de' }).expect(400);
  });

  it('needs the site key and the visit token', async () => {
    expect((await t.http.post('/widget/v1/conversations').send({}).expect(401)).body.code).toBe('SITE_KEY_REQUIRED');
    expect((await t.http.post('/widget/v1/conversations').set('X-Site-Key', TEST_SITE_KEY).send({}).expect(401)).body.code).toBe('VISIT_TOKEN_REQUIRED');
  });

  it('answers each message and stores both the message and the reply before answering', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor);
    const turn = await say(visitor, id, 'délai de livraison').expect(201);
    expect(turn.body).toMatchObject({ state: 'bot', replies: [{ author: 'bot', intent: 'delivery_time', action: 'answer', text: expect.stringMatching(/jours ouvrés/) }] });
    expect(turn.body).not.toHaveProperty('escalation');
    const second = await say(visitor, id, 'how much is delivery').expect(201);
    expect(second.body.replies[0]).toMatchObject({ intent: 'delivery_cost', text: expect.stringMatching(/free from/) });
    expect(await messagesInDb(id)).toEqual([
      { author: 'visitor', text: 'délai de livraison', intent: null, action: null },
      { author: 'bot', text: expect.stringMatching(/jours ouvrés/), intent: 'delivery_time', action: 'answer' },
      { author: 'visitor', text: 'how much is delivery', intent: null, action: null },
      { author: 'bot', text: expect.stringMatching(/free from/), intent: 'delivery_cost', action: 'answer' },
    ]);
    const [row] = await t.dataSource.query('SELECT locale, last_intent, consecutive_fallbacks FROM conversation WHERE id = $1', [id]);
    expect(row).toEqual({ locale: 'en', last_intent: 'delivery_cost', consecutive_fallbacks: 0 });
    const read = await widget(visitor, 'get', `/widget/v1/conversations/${id}`).expect(200);
    expect(read.body).toMatchObject({ id, state: 'bot', escalation: null, visitId: visitor.visitId });
    expect(read.body.messages.map((m: { author: string }) => m.author)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
    expect(read.body.messages[1].id).toBe(turn.body.replies[0].id);
  });

  it('hands over on an explicit request for a person, records why, and keeps later messages for the advisor', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor);
    const turn = await say(visitor, id, 'je veux parler à un conseiller').expect(201);
    expect(turn.body).toMatchObject({ state: 'waiting_human', escalation: { route: 'human', reason: 'explicit_request' }, replies: [{ action: 'escalate' }] });
    const [row] = await t.dataSource.query('SELECT state, escalation_route, escalation_reason, escalated_at FROM conversation WHERE id = $1', [id]);
    expect(row).toMatchObject({ state: 'waiting_human', escalation_route: 'human', escalation_reason: 'explicit_request', escalated_at: expect.any(Date) });
    const later = await say(visitor, id, 'vous êtes là ?').expect(201);
    expect(later.body).toEqual({ state: 'waiting_human', message: expect.objectContaining({ author: 'visitor' }), replies: [] });
    expect((await messagesInDb(id)).map((m: { author: string }) => m.author)).toEqual(['visitor', 'bot', 'visitor']);
    const read = await widget(visitor, 'get', `/widget/v1/conversations/${id}`).expect(200);
    expect(read.body.escalation).toMatchObject({ route: 'human', reason: 'explicit_request', at: expect.any(String) });
  });

  it('falls back, logs the question as unanswered, and hands over after two fallbacks in a row', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor, { locale: 'en' });
    const first = await say(visitor, id, "what's the weather tomorrow").expect(201);
    expect(first.body).toMatchObject({ state: 'bot', replies: [{ intent: null, action: 'fallback', text: expect.stringMatching(/only help with questions about our shop/) }] });
    const second = await say(visitor, id, 'tell me a joke').expect(201);
    expect(second.body).toMatchObject({ state: 'waiting_human', escalation: { route: 'human', reason: 'repeated_fallback' } });
    const logged = await t.dataSource.query('SELECT text, action FROM unanswered_question WHERE conversation_id = $1 ORDER BY created_at', [id]);
    expect(logged.map((q: { text: string }) => q.text)).toEqual(["what's the weather tomorrow", 'tell me a joke']);
  });

  it('clarifies between two close topics, answers the one the visitor picks, and records the pick on the logged question', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor, { locale: 'en' });
    const asked = await say(visitor, id, 'my account').expect(201);
    expect(asked.body).toMatchObject({ state: 'bot', replies: [{ action: 'clarify' }] });
    const [first, second] = asked.body.replies[0].quickReplies as { intent: string; label: string }[];
    expect(first.intent).not.toBe(second.intent);
    const picked = await say(visitor, id, second.label).expect(201);
    expect(picked.body).toMatchObject({ state: 'bot', replies: [{ action: 'answer', intent: second.intent }] });
    const logged = await t.dataSource.query('SELECT text, action, chosen_intent FROM unanswered_question WHERE conversation_id = $1 ORDER BY created_at', [id]);
    expect(logged).toEqual([{ text: 'my account', action: 'clarify', chosen_intent: second.intent }]);
  });

  it('treats a message that is not one of the offered topics as a new question', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor, { locale: 'en' });
    await say(visitor, id, 'my account').expect(201);
    const next = await say(visitor, id, 'how long does delivery take').expect(201);
    expect(next.body).toMatchObject({ replies: [{ action: 'answer', intent: 'delivery_time' }] });
    const [row] = await t.dataSource.query('SELECT chosen_intent FROM unanswered_question WHERE conversation_id = $1', [id]);
    expect(row).toEqual({ chosen_intent: null });
  });

  it('hands a payment problem to the payments team when the visitor is still stuck after the answer', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor, { locale: 'en' });
    const answered = await say(visitor, id, 'payment failed').expect(201);
    expect(answered.body).toMatchObject({ state: 'bot', replies: [{ intent: 'payment_failed', action: 'answer' }] });
    const stuck = await say(visitor, id, "I tried that and it still doesn't work").expect(201);
    expect(stuck.body).toMatchObject({ state: 'waiting_human', escalation: { route: 'human', skill: 'payments', reason: 'still_stuck' } });
  });

  it('stores "did this help?" feedback on bot answers, and a "no" after a payment answer hands over', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor, { locale: 'en' });
    const answered = await say(visitor, id, 'payment failed').expect(201);
    const botMessage = answered.body.replies[0].id;
    const url = `/widget/v1/conversations/${id}/messages/${botMessage}/feedback`;
    expect((await widget(visitor, 'post', url).send({ helpful: true }).expect(201)).body).toEqual({ messageId: botMessage, helpful: true });
    await widget(visitor, 'post', url).send({ helpful: false }).expect(201);
    const rows = await t.dataSource.query('SELECT helpful, intent, conversation_id FROM answer_feedback WHERE message_id = $1', [botMessage]);
    expect(rows).toEqual([{ helpful: false, intent: 'payment_failed', conversation_id: id }]);
    await widget(visitor, 'post', url).send({ helpful: 'maybe' }).expect(400);
    const [visitorMessage] = await t.dataSource.query(`SELECT id FROM conversation_message WHERE conversation_id = $1 AND author = 'visitor'`, [id]);
    expect((await widget(visitor, 'post', `/widget/v1/conversations/${id}/messages/${visitorMessage.id}/feedback`).send({ helpful: true }).expect(422)).body.code).toBe(
      'NOT_A_BOT_MESSAGE',
    );
    expect((await widget(visitor, 'post', `/widget/v1/conversations/${id}/messages/${randomUUID()}/feedback`).send({ helpful: true }).expect(404)).body.code).toBe(
      'MESSAGE_NOT_FOUND',
    );
    const next = await say(visitor, id, 'ok').expect(201);
    expect(next.body).toMatchObject({ state: 'waiting_human', escalation: { reason: 'still_stuck', skill: 'payments' } });
  });

  it("answers 404 for another visitor's conversation, as for one that does not exist", async () => {
    const owner = newVisitor();
    const stranger = newVisitor();
    const { id } = await start(owner);
    const botReply = (await say(owner, id, 'bonjour').expect(201)).body.replies[0].id;
    for (const response of [
      await widget(stranger, 'get', `/widget/v1/conversations/${id}`),
      await say(stranger, id, 'bonjour'),
      await widget(stranger, 'post', `/widget/v1/conversations/${id}/messages/${botReply}/feedback`).send({ helpful: true }),
      await widget(owner, 'get', `/widget/v1/conversations/${randomUUID()}`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CONVERSATION_NOT_FOUND');
    }
    expect(await messagesInDb(id)).toHaveLength(2);
    await widget(owner, 'get', '/widget/v1/conversations/not-a-uuid').expect(400);
  });

  it('refuses empty, too long and binary messages, and messages to a closed conversation', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor);
    expect((await say(visitor, id, ' ').expect(400)).body.code).toBe('EMPTY_MESSAGE');
    expect((await say(visitor, id, 'x'.repeat(5001)).expect(413)).body.code).toBe('MESSAGE_TOO_LONG');
    expect((await say(visitor, id, '\u0000\u0007PNG\u001a').expect(400)).body.code).toBe('INVALID_TEXT');
    expect(await messagesInDb(id)).toEqual([]);
    await t.dataSource.query(`UPDATE conversation SET state = 'closed', closed_at = now() WHERE id = $1`, [id]);
    expect((await say(visitor, id, 'bonjour').expect(422)).body.code).toBe('CONVERSATION_CLOSED');
  });

  it('links the conversation to a known customer, who gets it in exports, merges and erasure', async () => {
    const customer = await createCustomer(t);
    // Identified the only way Relais believes: a token the merchant signed for the visit.
    const identified = await startIdentifiedVisit(t, customer);
    const visitor: Visitor = { visitId: identified.visitId, visitorId: identified.visitorId, token: identified.visitToken };
    const { id } = await start(visitor);
    await say(visitor, id, 'où est ma commande').expect(201);
    const [row] = await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]);
    expect(row.customer_id).toBe(customer.id);
    const api = (method: 'get' | 'post' | 'delete', path: string) => t.http[method](path).set('Authorization', t.apiAuth);

    const exported = await api('get', `/api/v1/customers/${customer.id}/export`).expect(200);
    expect(exported.body.conversations).toMatchObject([{ id, messages: [{ author: 'visitor', text: 'où est ma commande' }, { author: 'bot' }] }]);

    const target = await createCustomer(t);
    const merge = await api('post', `/api/v1/customers/${target.id}/merge`).send({ sourceId: customer.id }).expect(201);
    expect(merge.body.moved).toMatchObject({ conversations: 1 });
    expect((await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]))[0].customer_id).toBe(target.id);
    await api('post', `/api/v1/customer-merges/${merge.body.mergeId}/undo`).expect(201);
    expect((await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]))[0].customer_id).toBe(customer.id);

    const erased = await api('delete', `/api/v1/customers/${customer.id}`).expect(200);
    expect(erased.body.rowsErased).toMatchObject({ conversations: 2 });
    expect((await messagesInDb(id)).map((m: { text: string }) => m.text)).toEqual(['', '']);
  });

  it('lets advisors list conversations by state and read one with its messages', async () => {
    const visitor = newVisitor();
    const { id } = await start(visitor);
    await say(visitor, id, 'je veux parler à un humain').expect(201);
    const waiting = await t.http.get('/console/v1/conversations?state=waiting_human&limit=100').set('Authorization', admin).expect(200);
    expect(waiting.body.items.every((c: { state: string }) => c.state === 'waiting_human')).toBe(true);
    expect(waiting.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const page = await t.http.get('/console/v1/conversations?limit=1').set('Authorization', admin).expect(200);
    expect(page.body).toMatchObject({ items: [expect.any(Object)], nextCursor: expect.any(String) });
    const read = await t.http.get(`/console/v1/conversations/${id}`).set('Authorization', admin).expect(200);
    expect(read.body).toMatchObject({ id, state: 'waiting_human', escalation: { route: 'human' }, messages: [{ author: 'visitor' }, { author: 'bot', action: 'escalate' }] });
    await t.http.get(`/console/v1/conversations/${randomUUID()}`).set('Authorization', admin).expect(404);
    await t.http.get('/console/v1/conversations?state=lost').set('Authorization', admin).expect(400);
    await t.http.get('/console/v1/conversations').expect(401);
  });
});
