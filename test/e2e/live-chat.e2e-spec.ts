import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io-client';
import { ChatRealtime } from '../../src/live-chat/chat-realtime.service';
import { ChatRoutingService } from '../../src/live-chat/routing/chat-routing.service';
import { VisitorChatService } from '../../src/live-chat/visitor-chat.service';
import { AgentService } from '../../src/virtual-agent/agent.service';
import { startIdentifiedVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { AckReply, connectConsole, connectWidget, listen, nextEvent, request } from '../utils/chat-sockets';
import { eventually } from '../utils/eventually';
import { loginAs, startTestApp, TestApp, unique } from '../utils/test-app';

const PASSWORD = 'advisor-password-123';
const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));

interface Visitor {
  visitId: string;
  visitorId: string;
  token: string;
}
interface ChatAdvisor {
  id: string;
  auth: string;
  token: string;
  socket?: Socket;
}
type Message = { id: string; seq: number; author: string; text: string };

const data = <T>(reply: AckReply<T>): T => {
  if (!reply.ok) throw new Error(`socket request refused: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
};

describe('live chat: from the virtual agent to an advisor over socket.io', () => {
  let t: TestApp;
  let url: string;
  let chatTeam: Record<string, unknown>;
  const sockets: Socket[] = [];
  const saved = { ...process.env };

  const api = (method: 'get' | 'post' | 'patch', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const widget = (visitor: Visitor, method: 'get' | 'post', path: string) => t.http[method](path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visitor.token}`);
  const consoleHttp = (advisor: ChatAdvisor, method: 'get' | 'post', path: string) => t.http[method](path).set('Authorization', advisor.auth);
  const track = <S extends Socket>(socket: S) => (sockets.push(socket), socket);

  async function newVisitor(): Promise<Visitor> {
    const visitorId = `v-${unique()}`;
    const response = await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).send({ visitorId, url: 'https://shop.example/tv/oled-55' }).expect(201);
    return { visitId: response.body.visitId, visitorId, token: response.body.visitToken };
  }

  /** A visit identified by a token the merchant signed for this customer (`Relais.identify`), optionally of an existing visitor. */
  async function identifiedVisitor(customerId: string, visitorId?: string): Promise<Visitor> {
    const visit = await startIdentifiedVisit(t, { id: customerId }, { visitorId, url: 'https://shop.example/account' });
    return { visitId: visit.visitId, visitorId: visit.visitorId, token: visit.visitToken };
  }

  async function newAdvisor(fields: Record<string, unknown> = {}, online = true): Promise<ChatAdvisor> {
    const email = `chat.${unique()}@relais.test`;
    const created = await api('post', '/api/v1/advisors')
      .send({ email, name: `Camille ${unique()}`, password: PASSWORD, roles: ['chat_advisor'], languages: ['fr'], maxConcurrentChats: 2, ...fields })
      .expect(201);
    const auth = await loginAs(t, email, PASSWORD);
    const advisor: ChatAdvisor = { id: created.body.id, auth, token: auth.slice('Bearer '.length) };
    if (online) {
      advisor.socket = track(await connectConsole(url, advisor.token));
      data(await request(advisor.socket, 'presence', { status: 'online' }));
    }
    return advisor;
  }

  async function chatWithBot(visitor: Visitor): Promise<{ id: string; socket: Socket }> {
    const { body } = await widget(visitor, 'post', '/widget/v1/conversations').send({ locale: 'fr' }).expect(201);
    const socket = track(await connectWidget(url, TEST_SITE_KEY, visitor.token));
    data(await request(socket, 'chat:join', { conversationId: body.id }));
    return { id: body.id, socket };
  }

  const askForPerson = (socket: Socket, conversationId: string) =>
    request<{ state: string; escalation?: { route: string; reason: string }; handover?: Record<string, unknown> }>(socket, 'chat:message', {
      conversationId,
      text: 'je veux parler à un conseiller',
    }).then(data);

  beforeAll(async () => {
    process.env.RELAIS_CHAT_OFFER_TIMEOUT_SECONDS = '2';
    process.env.RELAIS_PRESENCE_GRACE_SECONDS = '1';
    t = await startTestApp();
    url = await listen(t);
    await t.app.get(AgentService).ready();
    // Routing sees every advisor and waiting chat in the database: start from nobody online and nothing waiting.
    await t.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
    await t.dataSource.query(`UPDATE conversation SET state = 'closed', offered_to_id = NULL WHERE state <> 'closed'`);
    chatTeam = (await api('get', '/api/v1/teams').expect(200)).body.items.find((team: { key: string }) => team.key === 'chat');
    await api('patch', '/api/v1/teams/chat').send({ hours: ALL_DAY, closures: [] }).expect(200);
  }, 180_000);

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await t.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
    await t.dataSource.query(`UPDATE conversation SET state = 'closed', offered_to_id = NULL WHERE state <> 'closed'`);
  });

  afterAll(async () => {
    await api('patch', '/api/v1/teams/chat').send({ hours: chatTeam.hours, closures: chatTeam.closures }).expect(200);
    await t.close();
    process.env = saved;
  });

  it('hands a bot conversation to an online advisor with the handoff packet; they chat, the advisor closes, the visitor rates', async () => {
    const advisor = await newAdvisor();
    const customer = await api('post', '/api/v1/customers').send({ name: 'Léa Martin' }).expect(201);
    const visitor = await identifiedVisitor(customer.body.id);
    const { id, socket } = await chatWithBot(visitor);

    const botTurn = data(await request<{ replies: Message[] }>(socket, 'chat:message', { conversationId: id, text: 'délai de livraison' }));
    expect(botTurn.replies[0]).toMatchObject({ author: 'bot', seq: expect.any(Number) });

    const offer = nextEvent<{ conversationId: string; handoff: { conversation: object; transcript: Message[] } }>(advisor.socket!, 'chat:offer');
    const turn = await askForPerson(socket, id);
    expect(turn).toMatchObject({ state: 'waiting_human', escalation: { route: 'human', reason: 'explicit_request' }, handover: { status: 'queued', queue: { position: 1 } } });

    const { handoff } = await offer;
    expect(handoff.conversation).toMatchObject({ id, state: 'waiting_human', customerId: customer.body.id });
    expect(handoff.transcript.map((m: Message) => m.author)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
    expect(handoff).toMatchObject({
      lastIntent: 'human_request',
      escalationReason: 'explicit_request',
      customer: { id: customer.body.id, name: 'Léa Martin' },
      visit: { id: visitor.visitId },
    });
    await eventually(async () => {
      // The audit log is written in batches.
      const audits = await t.dataSource.query(`SELECT actor_id FROM profile_access WHERE customer_id = $1 AND action = 'chat_handoff'`, [customer.body.id]);
      expect(audits).toContainEqual({ actor_id: advisor.id });
    });

    const joined = nextEvent<{ message: Message }>(socket, 'chat:message', (e) => e.message.author === 'system');
    const accepted = data(await request<{ conversation: { state: string } }>(advisor.socket!, 'chat:accept', { conversationId: id }));
    expect(accepted.conversation.state).toBe('with_human');
    expect((await joined).message.text).toMatch(/a rejoint la conversation/);

    // Advisor -> visitor: stored before the acknowledgement.
    const toVisitor = nextEvent<{ message: Message }>(socket, 'chat:message', (e) => e.message.author === 'advisor');
    const sent = data(await request<Message>(advisor.socket!, 'chat:message', { conversationId: id, text: 'Bonjour, je regarde votre commande.' }));
    expect(await t.dataSource.query('SELECT author, advisor_id FROM conversation_message WHERE id = $1', [sent.id])).toEqual([{ author: 'advisor', advisor_id: advisor.id }]);
    expect((await toVisitor).message).toMatchObject({ id: sent.id, text: 'Bonjour, je regarde votre commande.' });

    // Visitor -> advisor, no bot reply any more.
    const toAdvisor = nextEvent<{ message: Message }>(advisor.socket!, 'chat:message', (e) => e.message.author === 'visitor');
    const visitorTurn = data(await request<{ state: string; replies: unknown[] }>(socket, 'chat:message', { conversationId: id, text: 'Merci, commande 1234' }));
    expect(visitorTurn).toEqual({ state: 'with_human', message: expect.objectContaining({ author: 'visitor', text: 'Merci, commande 1234' }), replies: [] });
    expect((await toAdvisor).message.text).toBe('Merci, commande 1234');

    // Typing and read receipts.
    const typing = nextEvent(advisor.socket!, 'chat:typing');
    data(await request(socket, 'chat:typing', { conversationId: id, typing: true }));
    expect(await typing).toEqual({ conversationId: id, by: 'visitor', typing: true });
    const read = nextEvent(socket, 'chat:read');
    data(await request(advisor.socket!, 'chat:read', { conversationId: id, seq: sent.seq + 1 }));
    expect(await read).toEqual({ conversationId: id, by: 'advisor', seq: sent.seq + 1 });

    await widget(visitor, 'post', `/widget/v1/conversations/${id}/rating`).send({ rating: 5 }).expect(422);
    const closed = nextEvent(socket, 'chat:state', (e) => e.state === 'closed');
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${id}/close`).expect(204);
    expect(await closed).toMatchObject({ conversationId: id, closedBy: 'advisor' });

    await widget(visitor, 'post', `/widget/v1/conversations/${id}/rating`).send({ rating: 6 }).expect(400);
    await widget(visitor, 'post', `/widget/v1/conversations/${id}/rating`).send({ rating: 5, comment: 'Très efficace' }).expect(204);
    const [row] = await t.dataSource.query('SELECT state, advisor_id, rating, rating_comment, advisor_read_seq FROM conversation WHERE id = $1', [id]);
    expect(row).toEqual({ state: 'closed', advisor_id: advisor.id, rating: 5, rating_comment: 'Très efficace', advisor_read_seq: String(sent.seq + 1) });
  });

  it('with no advisor online, offers a callback, a store or a message, and a left message becomes a follow-up task', async () => {
    const supervisor = await newAdvisor({ roles: ['supervisor'], channels: ['phone'] }, false);
    const visitor = await newVisitor();
    const { id, socket } = await chatWithBot(visitor);
    const turn = await askForPerson(socket, id);
    expect(turn.handover).toMatchObject({
      status: 'unavailable',
      reason: 'no_advisor_online',
      alternatives: expect.arrayContaining(['callback', 'message']),
      nextCallbackSlot: expect.any(String),
    });

    await widget(visitor, 'post', `/widget/v1/conversations/${id}/leave-message`).send({ text: 'Rappelez-moi pour ma commande' }).expect(400);
    const left = await widget(visitor, 'post', `/widget/v1/conversations/${id}/leave-message`)
      .send({ text: 'Rappelez-moi pour ma commande', email: 'lea@example.com' })
      .expect(201);
    expect((await widget(visitor, 'get', `/widget/v1/conversations/${id}`).expect(200)).body.state).toBe('closed');

    const tasks = await consoleHttp(supervisor, 'get', '/console/v1/follow-ups?limit=100').expect(200);
    expect(tasks.body.items).toContainEqual(
      expect.objectContaining({ id: left.body.taskId, kind: 'left_message', text: 'Rappelez-moi pour ma commande', email: 'lea@example.com', status: 'open', conversationId: id }),
    );
    const done = await consoleHttp(supervisor, 'post', `/console/v1/follow-ups/${left.body.taskId}/done`).expect(200);
    expect(done.body).toMatchObject({ status: 'done', doneById: supervisor.id });
  });

  it('links the profile of a visitor identified after the chat started, so the advisor gets it in the handoff', async () => {
    const advisor = await newAdvisor();
    const visitor = await newVisitor();
    const { id } = await chatWithBot(visitor);
    // The visitor logs in while the conversation is open: the widget starts a visit with the signed token and reconnects with it.
    const customer = await api('post', '/api/v1/customers').send({ name: 'Inès Roy' }).expect(201);
    const loggedIn = await identifiedVisitor(customer.body.id, visitor.visitorId);
    expect((await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]))[0].customer_id).toBeNull();
    const socket = track(await connectWidget(url, TEST_SITE_KEY, loggedIn.token));

    const offer = nextEvent<{ conversationId: string; handoff: { customer: { id: string } | null } }>(advisor.socket!, 'chat:offer', (e) => e.conversationId === id);
    await askForPerson(socket, id);
    expect((await offer).handoff.customer).toMatchObject({ id: customer.body.id, name: 'Inès Roy' });
    expect((await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]))[0].customer_id).toBe(customer.body.id);
  });

  it('exports a left message with the profile, moves it on merge and erases its words and contact details', async () => {
    const customer = await api('post', '/api/v1/customers').send({ name: 'Paul Durand' }).expect(201);
    const visitor = await identifiedVisitor(customer.body.id);
    const { id, socket } = await chatWithBot(visitor);
    await askForPerson(socket, id);
    const left = await widget(visitor, 'post', `/widget/v1/conversations/${id}/leave-message`).send({ text: 'Mon lave-linge fuit', phone: '06 12 34 56 78' }).expect(201);

    const exported = await api('get', `/api/v1/customers/${customer.body.id}/export`).expect(200);
    expect(exported.body.followUpTasks).toMatchObject([{ id: left.body.taskId, text: 'Mon lave-linge fuit', phone: '06 12 34 56 78' }]);
    const erased = await t.http.delete(`/api/v1/customers/${customer.body.id}`).set('Authorization', t.apiAuth).expect(200);
    expect(erased.body.rowsErased).toMatchObject({ followUpTasks: 1 });
    expect(await t.dataSource.query('SELECT text, email, phone, status FROM follow_up_task WHERE id = $1', [left.body.taskId])).toEqual([
      { text: '', email: null, phone: null, status: 'open' },
    ]);
  });

  it('gives an unanswered offer to the next advisor after the timeout, and a declined one at once', async () => {
    const first = await newAdvisor({ maxConcurrentChats: 1 });
    const second = await newAdvisor({ maxConcurrentChats: 1 });
    const visitor = await newVisitor();
    const { id, socket } = await chatWithBot(visitor);
    const offers = [first, second].map((a) => nextEvent<{ conversationId: string }>(a.socket!, 'chat:offer', (e) => e.conversationId === id));
    await askForPerson(socket, id);
    const firstOffered = await Promise.race(offers.map((p, i) => p.then(() => i)));
    const [taker, other] = firstOffered === 0 ? [first, second] : [second, first];

    // Nobody answers: after 2 s it goes to the other advisor, and the first is told it is gone.
    const withdrawn = nextEvent(taker.socket!, 'chat:offer-withdrawn', (e) => e.conversationId === id);
    await offers[firstOffered === 0 ? 1 : 0];
    expect(await withdrawn).toEqual({ conversationId: id, reason: 'expired' });
    await consoleHttp(taker, 'post', `/console/v1/conversations/${id}/accept`).expect(409);

    // The other declines: back to the first, who takes it.
    const again = nextEvent(taker.socket!, 'chat:offer', (e) => e.conversationId === id);
    await consoleHttp(other, 'post', `/console/v1/conversations/${id}/decline`).expect(204);
    await again;
    await consoleHttp(taker, 'post', `/console/v1/conversations/${id}/accept`).expect(200);
    const outcomes = await t.dataSource.query('SELECT advisor_id, outcome FROM conversation_offer WHERE conversation_id = $1 ORDER BY created_at', [id]);
    expect(outcomes).toEqual([
      { advisor_id: taker.id, outcome: 'expired' },
      { advisor_id: other.id, outcome: 'declined' },
      { advisor_id: taker.id, outcome: 'accepted' },
    ]);
  });

  it('tells waiting visitors their place in the queue; supervisors see it and reassign; a transfer carries its note', async () => {
    const advisor = await newAdvisor({ maxConcurrentChats: 1 });
    const colleague = await newAdvisor({ maxConcurrentChats: 1 }, false);
    const supervisor = await newAdvisor({ roles: ['supervisor'], channels: ['phone'] }, false);
    const a = await chatWithBot(await newVisitor());
    const b = await chatWithBot(await newVisitor());
    await askForPerson(a.socket, a.id);
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${a.id}/accept`).expect(200);
    const second = await askForPerson(b.socket, b.id);
    expect(second.handover).toMatchObject({ status: 'queued', queue: { position: 1, estimatedWaitSeconds: expect.any(Number) } });
    expect(second.handover!.queue).toMatchObject({ estimatedWaitSeconds: expect.any(Number) });

    // The chat desk: chat advisors see the queue as supervisors do.
    expect((await consoleHttp(advisor, 'get', '/console/v1/chat-queue').expect(200)).body.waiting).toEqual([expect.objectContaining({ conversationId: b.id })]);
    const queue = await consoleHttp(supervisor, 'get', '/console/v1/chat-queue').expect(200);
    expect(queue.body.waiting).toEqual([expect.objectContaining({ conversationId: b.id, position: 1, locale: 'fr' })]);
    expect(queue.body.advisors).toContainEqual(expect.objectContaining({ id: advisor.id, activeChats: 1, capacity: 1 }));

    // Advisors only act on their own chats; a supervisor reassigns.
    await consoleHttp(colleague, 'post', `/console/v1/conversations/${a.id}/messages`).send({ text: 'hello' }).expect(403);
    await consoleHttp(supervisor, 'post', `/console/v1/conversations/${b.id}/assign`).send({ advisorId: colleague.id }).expect(204);
    expect((await consoleHttp(colleague, 'get', `/console/v1/conversations/${b.id}/messages`).expect(200)).body.items.at(-1)).toMatchObject({ author: 'system' });

    // The advisor transfers to the colleague with a note for them.
    const colleagueSocket = track(await connectConsole(url, colleague.token));
    data(await request(colleagueSocket, 'presence', { status: 'online' }));
    await t.dataSource.query('UPDATE advisor SET max_concurrent_chats = 2 WHERE id = $1', [colleague.id]);
    const offered = nextEvent<{ conversationId: string; handoff: { transferNote: string } }>(colleagueSocket, 'chat:offer', (e) => e.conversationId === a.id);
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${a.id}/transfer`).send({ advisorId: colleague.id, note: 'Client fidèle, commande 1234 en retard' }).expect(204);
    expect((await offered).handoff.transferNote).toBe('Client fidèle, commande 1234 en retard');
  });

  it('closes a queued chat whose visitor left, keeps those still there, and withdraws a pending offer', async () => {
    const advisor = await newAdvisor({ maxConcurrentChats: 1 });
    const a = await chatWithBot(await newVisitor());
    await askForPerson(a.socket, a.id);
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${a.id}/accept`).expect(200);
    const gone = await chatWithBot(await newVisitor());
    const open = await chatWithBot(await newVisitor());
    const pollingVisitor = await newVisitor();
    const polling = await chatWithBot(pollingVisitor);
    const writingVisitor = await newVisitor();
    const writing = await chatWithBot(writingVisitor);
    for (const chat of [gone, open, polling, writing]) await askForPerson(chat.socket, chat.id);
    const stateOf = async (id: string) => {
      const [row] = await t.dataSource.query(`SELECT state, closed_by FROM conversation WHERE id = $1`, [id]);
      return `${row.state} ${row.closed_by}`;
    };

    const realtime = t.app.get(ChatRealtime);
    // Last heard from an hour ago: the visitor's last sign of life and their messages to the bot.
    const silentSince1h = async (ids: string[]) => {
      await t.dataSource.query(`UPDATE conversation SET visitor_seen_at = now() - interval '1 hour' WHERE id = ANY($1)`, [ids]);
      await t.dataSource.query(`UPDATE conversation_message SET created_at = now() - interval '1 hour' WHERE conversation_id = ANY($1) AND author = 'visitor'`, [ids]);
    };
    const leave = async (chat: { id: string; socket: Socket }) => {
      chat.socket.close();
      await eventually(async () => expect(await realtime.visitorConnected(chat.id)).toBe(false));
    };

    // One visitor closes the tab, one keeps the widget open, one polls over HTTP, one writes over HTTP; all were
    // last heard from long ago.
    await leave(gone);
    await leave(polling);
    await leave(writing);
    await silentSince1h([gone.id, open.id, polling.id, writing.id]);
    await widget(pollingVisitor, 'get', `/widget/v1/conversations/${polling.id}/queue`).expect(200);
    await widget(writingVisitor, 'post', `/widget/v1/conversations/${writing.id}/messages`).send({ text: 'Vous êtes toujours là ?' }).expect(201);
    const chats = t.app.get(VisitorChatService);
    await eventually(async () => {
      await chats.closeAbandoned();
      expect(await stateOf(gone.id)).toBe('closed visitor');
    });
    expect([await stateOf(open.id), await stateOf(polling.id), await stateOf(writing.id)]).toEqual(['waiting_human null', 'waiting_human null', 'waiting_human null']);
    const [left] = await t.dataSource.query(`SELECT text FROM conversation_message WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 1`, [gone.id]);
    expect(left.text).toBe('Le visiteur a quitté la conversation.');

    // A chat under offer whose visitor leaves: the offer is withdrawn and the advisor told.
    await t.dataSource.query(`UPDATE conversation SET state = 'closed' WHERE id = $1`, [polling.id]);
    const free = await newAdvisor({}, false);
    free.socket = track(await connectConsole(url, free.token));
    const offer = nextEvent<{ conversationId: string }>(free.socket, 'chat:offer', (e) => e.conversationId === open.id);
    data(await request(free.socket, 'presence', { status: 'online' }));
    await t.app.get(ChatRoutingService).routeWaiting();
    await offer;
    const withdrawn = nextEvent<{ conversationId: string; reason: string }>(free.socket, 'chat:offer-withdrawn', (e) => e.reason === 'visitor_left');
    await leave(open);
    await silentSince1h([open.id]);
    await eventually(async () => {
      await chats.closeAbandoned();
      expect(await stateOf(open.id)).toBe('closed visitor');
    });
    expect(await withdrawn).toEqual({ conversationId: open.id, reason: 'visitor_left' });
    const [last] = await t.dataSource.query(`SELECT outcome FROM conversation_offer WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`, [open.id]);
    expect(last.outcome).toBe('withdrawn');
  });

  it('keeps visitors to their own conversations and refuses sockets without credentials', async () => {
    await expect(connectWidget(url, TEST_SITE_KEY, 'not-a-token')).rejects.toMatchObject({ data: { statusCode: 401, code: 'VISIT_TOKEN_REQUIRED' } });
    await expect(connectConsole(url, 'not-a-token')).rejects.toMatchObject({ data: { statusCode: 401, code: 'INVALID_TOKEN' } });
    const owner = await chatWithBot(await newVisitor());
    const intruder = await chatWithBot(await newVisitor());
    const join = await request(intruder.socket, 'chat:join', { conversationId: owner.id });
    expect(join).toMatchObject({ ok: false, error: { statusCode: 404, code: 'CONVERSATION_NOT_FOUND' } });
    const post = await request(intruder.socket, 'chat:message', { conversationId: owner.id, text: 'coucou' });
    expect(post).toMatchObject({ ok: false, error: { statusCode: 404 } });
    expect(await request(intruder.socket, 'chat:typing', { conversationId: owner.id, typing: true })).toMatchObject({ ok: false, error: { code: 'JOIN_FIRST' } });
    expect(await request(intruder.socket, 'chat:message', { conversationId: 'nope', text: '' })).toMatchObject({
      ok: false,
      error: { statusCode: 400, code: 'VALIDATION_FAILED' },
    });
    expect(await request(intruder.socket, 'chat:message', { conversationId: intruder.id, text: 'x'.repeat(5001) })).toMatchObject({ ok: false, error: { statusCode: 413 } });
  });

  it('gives a reconnecting visitor the messages they missed', async () => {
    const advisor = await newAdvisor();
    const visitor = await newVisitor();
    const { id, socket } = await chatWithBot(visitor);
    await askForPerson(socket, id);
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${id}/accept`).expect(200);
    const received = nextEvent<{ message: Message }>(socket, 'chat:message', (e) => e.message.text === 'Première réponse');
    data(await request(advisor.socket!, 'chat:message', { conversationId: id, text: 'Première réponse' }));
    const lastSeq = (await received).message.seq;
    socket.disconnect();

    data(await request(advisor.socket!, 'chat:message', { conversationId: id, text: 'Vous êtes là ?' }));
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${id}/messages`).send({ text: 'Je reste disponible.' }).expect(201);

    const back = track(await connectWidget(url, TEST_SITE_KEY, visitor.token));
    const resumed = data(await request<{ state: string; messages: Message[] }>(back, 'chat:join', { conversationId: id, afterSeq: lastSeq }));
    expect(resumed.state).toBe('with_human');
    expect(resumed.messages.map((m) => m.text)).toEqual(['Vous êtes là ?', 'Je reste disponible.']);
    const overHttp = await widget(visitor, 'get', `/widget/v1/conversations/${id}/messages?after=${lastSeq}`).expect(200);
    expect(overHttp.body.messages.map((m: Message) => m.text)).toEqual(['Vous êtes là ?', 'Je reste disponible.']);
    await widget(visitor, 'get', `/widget/v1/conversations/${id}/messages?after=-1`).expect(400);
  });

  it('stores a retried chat:message once, on both sides, and acknowledges it with the stored message', async () => {
    const advisor = await newAdvisor();
    const visitor = await newVisitor();
    const { id, socket } = await chatWithBot(visitor);
    const count = async (clientMessageId: string) =>
      Number((await t.dataSource.query('SELECT count(*) AS n FROM conversation_message WHERE client_message_id = $1', [clientMessageId]))[0].n);

    // With the bot: the retry gets the same message and the same reply, and the bot answers once.
    const toBot = { conversationId: id, text: 'délai de livraison', clientMessageId: randomUUID() };
    const first = data(await request<{ message: Message; replies: Message[] }>(socket, 'chat:message', toBot));
    const retried = data(await request<{ message: Message; replies: Message[] }>(socket, 'chat:message', toBot));
    expect(retried.message).toEqual(first.message);
    expect(retried.replies.map((m) => m.id)).toEqual(first.replies.map((m) => m.id));
    expect(first.message).toMatchObject({ author: 'visitor', clientMessageId: toBot.clientMessageId });
    expect(await count(toBot.clientMessageId)).toBe(1);

    await askForPerson(socket, id);
    await consoleHttp(advisor, 'post', `/console/v1/conversations/${id}/accept`).expect(200);

    // With a person, retried at once as a flaky connection would: still one message.
    const toAdvisor = { conversationId: id, text: 'Vous êtes là ?', clientMessageId: randomUUID() };
    const [a, b] = await Promise.all([request<{ message: Message }>(socket, 'chat:message', toAdvisor), request<{ message: Message }>(socket, 'chat:message', toAdvisor)]);
    expect(data(a).message.id).toBe(data(b).message.id);
    expect(await count(toAdvisor.clientMessageId)).toBe(1);

    const fromAdvisor = { conversationId: id, text: 'Oui, je regarde.', clientMessageId: randomUUID() };
    const sent = data(await request<Message>(advisor.socket!, 'chat:message', fromAdvisor));
    expect(data(await request<Message>(advisor.socket!, 'chat:message', fromAdvisor))).toEqual(sent);
    expect(await count(fromAdvisor.clientMessageId)).toBe(1);

    // An id is never answered with someone else's message.
    const taken = await request(socket, 'chat:message', { ...fromAdvisor, text: 'autre chose' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'CLIENT_MESSAGE_ID_TAKEN' } });
    expect((await request(socket, 'chat:message', { conversationId: id, text: 'x', clientMessageId: 'not an id!' })).ok).toBe(false);
  });

  it('sets an advisor offline once their last console socket is gone for the grace period', async () => {
    const advisor = await newAdvisor();
    const presence = async () => (await t.dataSource.query('SELECT presence FROM advisor WHERE id = $1', [advisor.id]))[0].presence;
    expect(await presence()).toBe('online');
    advisor.socket!.close();
    await eventually(async () => expect(await presence()).toBe('offline'));
  });

  // Scale-out: rooms are shared through the socket.io Redis adapter, so this exists in the PostgreSQL + Redis pass only
  // (the embedded database belongs to one process, so a second instance cannot open it).
  it('expires a presence set over HTTP with no console socket; an open console keeps its advisor online', async () => {
    const presence = async (id: string) => (await t.dataSource.query('SELECT presence FROM advisor WHERE id = $1', [id]))[0].presence;
    const withoutConsole = await newAdvisor({}, false);
    await t.http.put('/console/v1/me/presence').set('Authorization', withoutConsole.auth).send({ status: 'online' }).expect(200);
    const withConsole = await newAdvisor({}, false);
    withConsole.socket = track(await connectConsole(url, withConsole.token));
    await t.http.put('/console/v1/me/presence').set('Authorization', withConsole.auth).send({ status: 'away' }).expect(200);

    await eventually(async () => expect(await presence(withoutConsole.id)).toBe('offline'), 10_000);
    // Well past the grace period (1 s here): the socket's heartbeat holds the presence set over HTTP.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await presence(withConsole.id)).toBe('away');
  });

  it('takes offline an advisor whose socket went with a stopping instance and never came back', async () => {
    const advisor = await newAdvisor();
    const presence = async () => (await t.dataSource.query('SELECT presence FROM advisor WHERE id = $1', [advisor.id]))[0].presence;
    // The server closing the socket is what an instance going away does; the console would reconnect elsewhere.
    for (const socket of await t.app.get(ChatRealtime).console().in(`advisor:${advisor.id}`).fetchSockets()) socket.disconnect(true);
    await eventually(async () => expect(await presence()).toBe('offline'), 10_000);
  });

  if (process.env.REDIS_URL)
    it('works across two Relais instances on one PostgreSQL + Redis: visitor on one, advisor on the other', async () => {
      const other = await startTestApp();
      try {
        const advisor = await newAdvisor({}, false);
        advisor.socket = track(await connectConsole(await listen(other), advisor.token));
        data(await request(advisor.socket, 'presence', { status: 'online' }));
        const { id, socket } = await chatWithBot(await newVisitor());

        const offer = nextEvent(advisor.socket, 'chat:offer', (e) => e.conversationId === id);
        await askForPerson(socket, id);
        await offer;
        data(await request(advisor.socket, 'chat:accept', { conversationId: id }));

        const toVisitor = nextEvent<{ message: Message }>(socket, 'chat:message', (e) => e.message.author === 'advisor');
        data(await request(advisor.socket, 'chat:message', { conversationId: id, text: 'Bonjour depuis la seconde instance' }));
        expect((await toVisitor).message.text).toBe('Bonjour depuis la seconde instance');
        const toAdvisor = nextEvent<{ message: Message }>(advisor.socket, 'chat:message', (e) => e.message.author === 'visitor');
        data(await request(socket, 'chat:message', { conversationId: id, text: 'Bien reçu' }));
        expect((await toAdvisor).message.text).toBe('Bien reçu');
      } finally {
        for (const socket of sockets.splice(0)) socket.close();
        await other.close();
      }
    });

  if (process.env.REDIS_URL)
    it('keeps online an advisor whose console is on another instance, and takes them offline once its socket is gone with no reconnection', async () => {
      const other = await startTestApp();
      const presence = async (id: string) => (await t.dataSource.query('SELECT presence FROM advisor WHERE id = $1', [id]))[0].presence;
      try {
        const advisor = await newAdvisor({}, false);
        advisor.socket = track(await connectConsole(await listen(other), advisor.token));
        data(await request(advisor.socket, 'presence', { status: 'online' }));
        // This instance's sweep runs too: the other one's heartbeat, through the row, keeps the advisor online.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        expect(await presence(advisor.id)).toBe('online');
        // Closed by its server, as when that instance stops: no grace job is scheduled, only the row tells.
        for (const socket of await other.app.get(ChatRealtime).console().in(`advisor:${advisor.id}`).fetchSockets()) socket.disconnect(true);
        await eventually(async () => expect(await presence(advisor.id)).toBe('offline'), 10_000);
      } finally {
        for (const socket of sockets.splice(0)) socket.close();
        await other.close();
      }
    });
});
