import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { AgentService } from '../../src/virtual-agent/agent.service';
import { apiKeyWithScopes, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

describe('virtual agent: POST /api/v1/agent/answer and the unanswered-question log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Training (or loading the cached model) is this file's setup, not the first test's.
    await t.app.get(AgentService).ready();
  }, 180_000);
  afterAll(() => t.close());

  const ask = (text: unknown, locale?: string) =>
    t.http
      .post('/api/v1/agent/answer')
      .set('Authorization', t.apiAuth)
      .send({ text, ...(locale && { locale }) });

  it.each([
    ['how long does delivery take', 'en', 'delivery_time', /working days/],
    ['where is my refund', 'en', 'refund_status', /working days/],
    ['délai de livraison', 'fr', 'delivery_time', /jours ouvrés/],
    ['mot de passe oublié', 'fr', 'account_password', /mot de passe/i],
  ])('answers "%s" in %s with %s', async (text, locale, intent, answer) => {
    const response = await ask(text, locale).expect(200);
    expect(response.body).toMatchObject({ locale, intent, action: 'answer' });
    expect(response.body.answer).toMatch(answer);
    expect(response.body.confidence).toBeGreaterThan(0);
    expect(response.body.alternatives[0].intent).toBe(intent);
  });

  it('answers in the language of the message, whatever the page locale', async () => {
    const response = await ask('where is my order please', 'fr-FR').expect(200);
    expect(response.body).toMatchObject({ locale: 'en', intent: 'order_tracking' });
  });

  it('caches the trained model in the data folder, keyed by the content hash', () => {
    const cache = join(loadConfig().dataDir, 'agent-model.json');
    expect(existsSync(cache)).toBe(true);
    expect(JSON.parse(readFileSync(cache, 'utf8')).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['I want to talk to a real person', 'en'],
    ['je veux parler à un conseiller', 'fr'],
  ])('escalates an explicit request for a person (%s) to the human route', async (text, locale) => {
    const response = await ask(text).expect(200);
    expect(response.body).toMatchObject({ locale, action: 'escalate', escalation: { route: 'human', reason: 'explicit_request' } });
    expect(response.body.answer.length).toBeGreaterThan(10);
  });

  it('hands over when the intent needs a person, with the route and skill', async () => {
    const response = await ask('rappelez-moi').expect(200);
    expect(response.body).toMatchObject({ intent: 'callback_request', action: 'escalate', escalation: { route: 'callback', reason: 'intent_requires_human' } });
  });

  it('falls back on an off-topic question saying why, and logs it as unanswered with the reason', async () => {
    const text = `what's the weather tomorrow ${unique()}`;
    const response = await ask(text, 'en').expect(200);
    expect(response.body).toMatchObject({ locale: 'en', intent: null, action: 'fallback', fallback: { reason: 'off_topic' } });
    expect(response.body.answer).toMatch(/only help with questions about our shop/);
    expect(response.body).not.toHaveProperty('escalation');
    const [row] = await t.dataSource.query('SELECT locale, action, confidence, fallback_reason FROM unanswered_question WHERE text = $1', [text]);
    expect(row).toMatchObject({ locale: 'en', action: 'fallback', fallback_reason: 'off_topic' });
  });

  it.each([
    ['do you have job openings in your warehouse', 'en'],
    ['est-ce que vous recrutez des vendeurs', 'fr'],
  ])('falls back on a shop question the knowledge base does not answer (%s) as a near miss, not the nearest answer', async (text, locale) => {
    const response = await ask(text, locale).expect(200);
    expect(response.body).toMatchObject({ locale, intent: null, action: 'fallback', fallback: { reason: 'near_miss' } });
  });

  // The examples (none of them is a training example): each got another intent's answer before.
  it.each([
    ['I would like to close my customer account', 'en', 'account_delete'],
    ['how do I unsubscribe from your emails', 'en', 'newsletter'],
    ['can I change the email address on my account', 'en', 'account_details'],
    ['je voudrais supprimer mon compte client', 'fr', 'account_delete'],
    ['do you sell gift cards', 'en', 'gift_card'],
    ['where can I leave a review of the blender I bought', 'en', 'product_review'],
  ])('answers "%s" (%s) with %s', async (text, locale, intent) => {
    const response = await ask(text, locale).expect(200);
    expect(response.body).toMatchObject({ locale, intent, action: 'answer' });
    expect(response.body).not.toHaveProperty('fallback');
  });

  it('asks which of two close topics was meant, with both as quick replies', async () => {
    const response = await ask('my account', 'en').expect(200);
    expect(response.body).toMatchObject({ action: 'clarify', answer: expect.stringMatching(/one of these/) });
    expect(response.body.quickReplies).toHaveLength(2);
    expect(response.body.quickReplies.map((r: { intent: string }) => r.intent)).toEqual(response.body.alternatives.map((a: { intent: string }) => a.intent));
  });

  it('answers "ask an agent how to ..." itself instead of handing over', async () => {
    const response = await ask('can you ask an agent how I return the shoes', 'en').expect(200);
    expect(response.body).toMatchObject({ intent: 'return_policy', action: 'answer' });
  });

  it('refuses empty, too long and binary messages with clear codes, never 500', async () => {
    expect((await ask('   \n ').expect(400)).body).toMatchObject({ statusCode: 400, code: 'EMPTY_MESSAGE' });
    expect((await ask('a'.repeat(5001)).expect(413)).body).toMatchObject({ statusCode: 413, code: 'MESSAGE_TOO_LONG', details: { maxChars: 5000 } });
    await ask(`${'a'.repeat(4990)} ok`).expect(200);
    expect((await ask('hello\u0000\u0001\u0002\u00ff\u0003').expect(400)).body.code).toBe('INVALID_TEXT');
    expect((await ask('\ud800 broken surrogate').expect(400)).body.code).toBe('INVALID_TEXT');
    expect((await ask(42).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'text' }] });
    expect((await ask('hello', 'de').expect(400)).body.details[0].field).toBe('locale');
    const extra = await t.http.post('/api/v1/agent/answer').set('Authorization', t.apiAuth).send({ text: 'hi', mood: 'happy' }).expect(400);
    expect(extra.body.code).toBe('VALIDATION_FAILED');
  });

  it('needs an API key (401) with the agent:use scope (403)', async () => {
    expect((await t.http.post('/api/v1/agent/answer').send({ text: 'hello' }).expect(401)).body.code).toBe('API_KEY_REQUIRED');
    const readOnly = await apiKeyWithScopes(t, ['customers:read']);
    const refused = await t.http.post('/api/v1/agent/answer').set('Authorization', readOnly).send({ text: 'hello' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'MISSING_SCOPE', details: { missingScopes: ['agent:use'] } });
    const agentOnly = await apiKeyWithScopes(t, ['agent:use']);
    await t.http.post('/api/v1/agent/answer').set('Authorization', agentOnly).send({ text: 'hello' }).expect(200);
    await t.http.get('/api/v1/agent/unanswered').set('Authorization', agentOnly).expect(403);
  });

  it('documents the routes and their schemas in OpenAPI', async () => {
    const docs = await t.http.get('/docs-json').expect(200);
    const answer = docs.body.paths['/api/v1/agent/answer'].post;
    expect(answer.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/AgentAnswerDto');
    expect(docs.body.components.schemas.AgentQuestionDto.properties).toHaveProperty('text');
    const list = docs.body.paths['/api/v1/agent/unanswered'].get.responses['200'].content['application/json'].schema;
    expect(list.properties.items.items.$ref).toBe('#/components/schemas/UnansweredQuestionDto');
  });

  describe('unanswered-question log', () => {
    const texts = [`tell me a joke ${unique()}`, `recette de la tarte aux pommes, "facile", ${unique()}`];
    beforeAll(async () => {
      await ask(texts[0], 'en').expect(200);
      await ask(texts[1], 'fr').expect(200);
    });

    it('lists newest first with keyset pages and a locale filter', async () => {
      const first = await t.http.get('/api/v1/agent/unanswered?limit=1').set('Authorization', t.apiAuth).expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http.get(`/api/v1/agent/unanswered?limit=1&cursor=${first.body.nextCursor}`).set('Authorization', t.apiAuth).expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      const french = await t.http.get('/api/v1/agent/unanswered?locale=fr&limit=100').set('Authorization', t.apiAuth).expect(200);
      expect(french.body.items.every((q: { locale: string }) => q.locale === 'fr')).toBe(true);
      const mine = french.body.items.find((q: { text: string }) => q.text === texts[1]);
      expect(mine).toMatchObject({ locale: 'fr', action: expect.stringMatching(/^(fallback|clarify)$/), confidence: expect.any(Number), createdAt: expect.any(String) });
      await t.http.get('/api/v1/agent/unanswered?cursor=nope').set('Authorization', t.apiAuth).expect(400);
    });

    it('exports CSV with ?format=csv or Accept: text/csv, quoting what needs it', async () => {
      const byQuery = await t.http.get('/api/v1/agent/unanswered?format=csv').set('Authorization', t.apiAuth).expect(200);
      expect(byQuery.headers['content-type']).toMatch(/^text\/csv/);
      const lines = byQuery.text.split('\r\n');
      expect(lines[0]).toBe('createdAt,locale,action,text,bestGuess,confidence,conversationId,id,fallbackReason,chosenIntent');
      expect(byQuery.text).toContain(texts[0]);
      expect(byQuery.text).toContain(`"${texts[1].replace(/"/g, '""')}"`);
      const byAccept = await t.http.get('/api/v1/agent/unanswered').set('Authorization', t.apiAuth).set('Accept', 'text/csv').expect(200);
      expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    });

    it('is available to console admins too', async () => {
      const admin = await loginAsAdmin(t);
      const page = await t.http.get('/console/v1/agent/unanswered?limit=100').set('Authorization', admin).expect(200);
      expect(page.body.items.map((q: { text: string }) => q.text)).toEqual(expect.arrayContaining(texts));
      const csv = await t.http.get('/console/v1/agent/unanswered?format=csv').set('Authorization', admin).expect(200);
      expect(csv.text).toContain(texts[0]);
      await t.http.get('/console/v1/agent/unanswered').expect(401);
    });
  });
});
