import { startVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { connectWidget, listen } from '../utils/chat-sockets';
import { startTestApp, TestApp } from '../utils/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample line, e.g. `relais_chats_waiting` or `relais_open_sockets{namespace="widget"}`. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('is off (404) unless RELAIS_METRICS_TOKEN is set', async () => {
    delete process.env.RELAIS_METRICS_TOKEN;
    const t = await startTestApp();
    try {
      await t.http.get('/metrics').expect(404);
      await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    } finally {
      await t.close();
    }
  });

  describe('with a token', () => {
    let t: TestApp;
    beforeAll(async () => {
      process.env.RELAIS_METRICS_TOKEN = TOKEN;
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('asks for the bearer token', async () => {
      expect((await t.http.get('/metrics').expect(401)).body.code).toBe('INVALID_METRICS_TOKEN');
      await t.http.get('/metrics').set('Authorization', 'Bearer not-the-token').expect(401);
      await t.http.get('/metrics').set('Authorization', TOKEN).expect(401);
    });

    it('reports HTTP latency by route pattern, batches, decisions, agent confidence, queues, chats waiting, sockets and Node', async () => {
      const visit = await startVisit(t);
      await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', `Bearer ${visit.visitToken}`)
        .send({ events: [{ type: 'page_view', url: 'https://shop.example/tv' }] })
        .expect(200);
      await t.http.post('/api/v1/agent/answer').set('Authorization', t.apiAuth).send({ text: 'quel est le délai de livraison ?' }).expect(200);
      const socket = await connectWidget(await listen(t), TEST_SITE_KEY, visit.visitToken);
      try {
        const response = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/plain/);
        const text = response.text;
        expect(sample(text, 'relais_http_request_duration_seconds_count{method="POST",route="/widget/v1/visits/:visitId/events",status_class="2xx"}')).toBeGreaterThanOrEqual(1);
        expect(text).not.toContain(visit.visitId);
        expect(sample(text, 'relais_event_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'relais_targeting_decision_duration_seconds_count')).toBeGreaterThanOrEqual(1);
        expect(text).toMatch(/^relais_agent_confidence_count\{action="\w+"\} [1-9]/m);
        expect(sample(text, 'relais_queue_depth{queue="live-chat"}')).toBeGreaterThanOrEqual(0);
        expect(sample(text, 'relais_job_failures_total{queue="live-chat"}')).toBeGreaterThanOrEqual(0);
        expect(sample(text, 'relais_chats_waiting')).toBeGreaterThanOrEqual(0);
        expect(sample(text, 'relais_open_sockets{namespace="widget"}')).toBeGreaterThanOrEqual(1);
        expect(text).toContain('process_cpu_user_seconds_total');
        expect(text).toContain('nodejs_eventloop_lag_seconds');
      } finally {
        socket.close();
      }
    });
  });
});
