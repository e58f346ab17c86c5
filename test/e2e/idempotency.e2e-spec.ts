import { randomUUID } from 'node:crypto';
import { IdempotencyService } from '../../src/idempotency/idempotency.service';
import { uniquePhone } from '../factories/customer.factory';
import { startVisit, StartedVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { startTestApp, TestApp, unique } from '../utils/test-app';
import { createStore } from '../factories/store.factory';

describe('Idempotency-Key on the widget POSTs', () => {
  let t: TestApp;
  let storeId: string;

  const post = (visit: StartedVisit, path: string, key?: string) => {
    const request = t.http.post(path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`);
    return key ? request.set('Idempotency-Key', key) : request;
  };
  const storeRequestsOf = async (visit: StartedVisit) =>
    Number((await t.dataSource.query('SELECT count(*) AS n FROM store_request WHERE visitor_id = $1', [visit.visitorId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    storeId = (await createStore(t)).id;
    // Nobody takes calls: a call request is refused, which is a response worth replaying too.
    await t.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
  });
  afterAll(() => t.close());

  it('creates once for a retried request and answers the first response, status and body', async () => {
    const visit = await startVisit(t, { visitorId: `v-${unique()}` });
    const key = randomUUID();
    const body = { storeId, phone: uniquePhone(), note: 'Wall mount advice' };
    const first = await post(visit, '/widget/v1/store-requests', key).send(body).expect(201);
    // The same fields in another order are the same request.
    const retried = await post(visit, '/widget/v1/store-requests', key).send({ note: body.note, phone: body.phone, storeId }).expect(201);
    expect(retried.body).toEqual(first.body);
    expect(await storeRequestsOf(visit)).toBe(1);

    // Without a key, or with another one, each request acts.
    await post(visit, '/widget/v1/store-requests', randomUUID()).send(body).expect(201);
    await post(visit, '/widget/v1/store-requests').send(body).expect(201);
    expect(await storeRequestsOf(visit)).toBe(3);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and keeps keys per visitor', async () => {
    const visit = await startVisit(t, { visitorId: `v-${unique()}` });
    const key = randomUUID();
    await post(visit, '/widget/v1/store-requests', key).send({ storeId, phone: uniquePhone() }).expect(201);
    const reused = await post(visit, '/widget/v1/store-requests', key).send({ storeId, phone: uniquePhone() }).expect(422);
    expect(reused.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await storeRequestsOf(visit)).toBe(1);

    const other = await startVisit(t, { visitorId: `v-${unique()}` });
    await post(other, '/widget/v1/store-requests', key).send({ storeId, phone: uniquePhone() }).expect(201);
    expect(await storeRequestsOf(other)).toBe(1);

    const bad = await post(visit, '/widget/v1/store-requests', 'x'.repeat(256)).send({ storeId, phone: uniquePhone() }).expect(400);
    expect(bad.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('replays a refusal the client caused (4xx) with its status and body, and books nothing', async () => {
    const visit = await startVisit(t, { visitorId: `v-${unique()}` });
    const key = randomUUID();
    const body = { phone: uniquePhone() };
    const first = await post(visit, '/widget/v1/call-requests', key).send(body).expect(422);
    expect(first.body.code).toBe('NO_PHONE_ADVISOR');
    const retried = await post(visit, '/widget/v1/call-requests', key).send(body).expect(422);
    expect(retried.body).toEqual(first.body);
    expect(Number((await t.dataSource.query('SELECT count(*) AS n FROM call_request WHERE visitor_id = $1', [visit.visitorId]))[0].n)).toBe(0);
  });

  it('forgets keys after 24 hours: the sweep deletes them and the key can be used again', async () => {
    const visit = await startVisit(t, { visitorId: `v-${unique()}` });
    const key = randomUUID();
    await post(visit, '/widget/v1/store-requests', key).send({ storeId, phone: uniquePhone() }).expect(201);
    const [row] = await t.dataSource.query('SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM idempotency_key WHERE key = $1', [key]);
    expect(Number(row.ttl)).toBe(24 * 3600);
    await t.dataSource.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    expect(await t.app.get(IdempotencyService).sweep()).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.query('SELECT 1 FROM idempotency_key WHERE key = $1', [key])).toHaveLength(0);
    await post(visit, '/widget/v1/store-requests', key).send({ storeId, phone: uniquePhone() }).expect(201);
  });

  it('documents the header on the four widget POSTs', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, { post: { parameters?: { name: string; in: string }[] } }> };
    for (const path of ['callbacks', 'call-requests', 'appointments', 'store-requests']) {
      expect(doc.paths[`/widget/v1/${path}`].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    }
  });
});
