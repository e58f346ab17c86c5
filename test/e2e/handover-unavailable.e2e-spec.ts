import { AgentService } from '../../src/virtual-agent/agent.service';
import { TEST_SITE_KEY } from '../setup/test-database';
import { AckReply, connectConsole, connectWidget, listen, nextEvent, request } from '../utils/chat-sockets';
import { loginAs, startTestApp, TestApp, unique } from '../utils/test-app';

const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));
const NO_HOURS = {};
type Turn = { state: string; replies: { text: string; author: string }[]; handover?: { status: string; reason?: string; alternatives?: string[] } };

const data = <T>(reply: AckReply<T>): T => {
  if (!reply.ok) throw new Error(`socket request refused: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
};

// "Never promise a person who is not there": with nobody to take the chat, the bot says so in the visitor's language,
// names the open routes, and keeps the conversation instead of leaving it waiting for a person.
describe('hand-over when no person can come', () => {
  let t: TestApp;
  let url: string;
  const widget = (token: string, method: 'get' | 'post', path: string) => t.http[method](path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    await t.app.get(AgentService).ready();
    await t.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
    await t.http.patch('/api/v1/teams/chat').set('Authorization', t.apiAuth).send({ hours: ALL_DAY, closures: [] }).expect(200);
  }, 180_000);
  afterAll(() => t.close());

  async function askForPerson(locale: 'fr' | 'en', text: string) {
    const visit = await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', TEST_SITE_KEY)
      .send({ visitorId: `v-${unique()}`, url: 'https://shop.example/tv' })
      .expect(201);
    const token = visit.body.visitToken as string;
    const { body } = await widget(token, 'post', '/widget/v1/conversations').send({ locale }).expect(201);
    const socket = await connectWidget(url, TEST_SITE_KEY, token);
    try {
      data(await request(socket, 'chat:join', { conversationId: body.id }));
      const delivered = nextEvent<{ message: { author: string; text: string } }>(socket, 'chat:message', (e) => e.message.author === 'bot', 60_000);
      const turn = (await widget(token, 'post', `/widget/v1/conversations/${body.id}/messages`).send({ text }).expect(201)).body as Turn;
      return { id: body.id as string, token, turn, live: (await delivered).message };
    } finally {
      socket.close();
    }
  }

  it('tells a French visitor nobody is online, offers the open routes, and the bot keeps the conversation', async () => {
    const { id, token, turn, live } = await askForPerson('fr', 'je veux parler à un conseiller');
    expect(turn.handover).toMatchObject({ status: 'unavailable', reason: 'no_advisor_online', alternatives: expect.arrayContaining(['message']) });
    expect(turn.state).toBe('bot');
    const [reply] = turn.replies;
    expect(reply.text).toMatch(/^Aucun conseiller ne peut vous répondre en direct pour le moment\. Vous pouvez .*nous laisser un message/);
    expect(reply.text).not.toMatch(/mets en relation|garder cette fenêtre/);
    // What the socket delivered and what is stored are the same words: the promise was never shown or kept.
    expect(live.text).toBe(reply.text);
    const stored = await widget(token, 'get', `/widget/v1/conversations/${id}`).expect(200);
    expect(stored.body.state).toBe('bot');
    expect(stored.body.messages.map((m: { text: string }) => m.text).join('\n')).not.toMatch(/mets en relation/);
    expect(stored.body.escalation).toMatchObject({ route: 'human' });

    // An advisor coming online is not offered a chat whose visitor was told to choose another route.
    const queue = await t.http
      .get('/console/v1/chat-queue')
      .set('Authorization', await loginAs(t, 'admin@relais.test', 'admin-password-123'))
      .expect(200);
    expect(JSON.stringify(queue.body)).not.toContain(id);
    // The bot still answers afterwards.
    const next = (await widget(token, 'post', `/widget/v1/conversations/${id}/messages`).send({ text: 'quels sont les délais de livraison ?' }).expect(201)).body as Turn;
    expect(next.replies).toHaveLength(1);
  });

  it('answers an English visitor in English, and names when the team is back after closed hours', async () => {
    await t.http
      .patch('/api/v1/teams/chat')
      .set('Authorization', t.apiAuth)
      .send({ hours: { ...NO_HOURS, '1': [['09:00', '18:00']] }, closures: [] })
      .expect(200);
    try {
      const { turn } = await askForPerson('en', 'I want to talk to a human advisor please');
      expect(turn.handover).toMatchObject({ status: 'unavailable' });
      expect(turn.state).toBe('bot');
      expect(turn.replies[0].text).toMatch(/^No advisor can answer you live right now(; the team is back on Monday .+)?\. You can .*leave us a message/);
    } finally {
      await t.http.patch('/api/v1/teams/chat').set('Authorization', t.apiAuth).send({ hours: ALL_DAY, closures: [] }).expect(200);
    }
  });

  it('still hands over to a person when one is online', async () => {
    const email = `chat.${unique()}@relais.test`;
    await t.http
      .post('/api/v1/advisors')
      .set('Authorization', t.apiAuth)
      .send({ email, name: 'Julie', password: 'advisor-password-123', roles: ['chat_advisor'], languages: ['fr'] })
      .expect(201);
    const auth = await loginAs(t, email, 'advisor-password-123');
    const advisor = await connectConsole(url, auth.slice('Bearer '.length));
    data(await request(advisor, 'presence', { status: 'online' }));
    try {
      const { turn } = await askForPerson('fr', 'je veux parler à un conseiller');
      expect(turn.handover).toMatchObject({ status: 'queued' });
      expect(turn.state).toBe('waiting_human');
      expect(turn.replies[0].text).not.toMatch(/^Aucun conseiller/);
    } finally {
      advisor.close();
    }
  });
});
