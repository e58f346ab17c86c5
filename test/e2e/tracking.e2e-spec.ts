import { createHmac } from 'node:crypto';
import { signIdentityToken } from '../../src/tracking/identity/identity-token';
import { EventBatchWriter } from '../../src/tracking/event-batch/event-batch-writer';
import { VisitsService } from '../../src/tracking/visits.service';
import { createCustomer } from '../factories/customer.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, startTestApp, TestApp, unique } from '../utils/test-app';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const FRENCH_IP = '90.84.0.1';

interface Visit {
  visitId: string;
  visitToken: string;
  visitorId: string;
}

describe('tracking: visits and events', () => {
  let t: TestApp;
  let identitySecret: string;
  beforeAll(async () => {
    t = await startTestApp();
    const sites = await t.http.get('/api/v1/sites?limit=100').set('Authorization', t.apiAuth).expect(200);
    identitySecret = sites.body.items.find((s: { siteKey: string }) => s.siteKey === TEST_SITE_KEY).identitySecret;
  });
  afterAll(() => t.close());

  const startVisit = async (body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Visit> => {
    const request = t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY);
    for (const [name, value] of Object.entries(headers)) void request.set(name, value);
    return (await request.send({ url: 'https://shop.example/fr/', ...body }).expect(201)).body;
  };
  const send = (visit: Visit, events: unknown[], visitId = visit.visitId) =>
    t.http.post(`/widget/v1/visits/${visitId}/events`).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`).send({ events });
  const visitRow = async (visitId: string) => (await t.dataSource.query('SELECT * FROM visit WHERE id = $1', [visitId]))[0];

  describe('POST /widget/v1/visits', () => {
    it('starts a visit with country from the IP, device from the user agent, and referrer and UTM parsed', async () => {
      const visit = await startVisit(
        {
          url: 'https://shop.example/fr/tv/?utm_source=Newsletter&utm_medium=email&utm_campaign=black-friday',
          referrer: 'https://www.google.fr/search?q=t%C3%A9l%C3%A9viseur+oled+55',
        },
        { 'User-Agent': IPHONE, 'X-Forwarded-For': FRENCH_IP },
      );
      expect(visit).toEqual({ visitId: expect.any(String), visitToken: expect.any(String), visitorId: expect.any(String) });
      const row = await visitRow(visit.visitId);
      expect(row).toMatchObject({ visitor_id: visit.visitorId, visit_number: 1, country: 'FR', device_type: 'mobile', referrer_source: 'newsletter', customer_id: null });
      expect(row.context).toMatchObject({ pageViews: 1, referrerKeywords: ['televiseur', 'oled', '55'], utm: { source: 'newsletter', medium: 'email', campaign: 'black-friday' } });
      const view = await t.http.get(`/api/v1/visits/${visit.visitId}`).set('Authorization', t.apiAuth).expect(200);
      expect(view.body).toMatchObject({ id: visit.visitId, referrerSource: 'newsletter', country: 'FR', deviceType: 'mobile', pageViews: 1 });
    });

    it('counts a returning visitor, and a search engine is the source without UTM', async () => {
      const first = await startVisit({ referrer: 'https://www.bing.com/search?q=barre+de+son' });
      expect(await visitRow(first.visitId)).toMatchObject({ referrer_source: 'bing', device_type: 'desktop', country: null });
      const second = await startVisit({ visitorId: first.visitorId });
      expect(second.visitorId).toBe(first.visitorId);
      expect((await visitRow(second.visitId)).visit_number).toBe(2);
    });

    it('refuses a bad body with 400 naming the field, and a missing or unknown site key with 401', async () => {
      const bad = await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).send({ url: 'not a url' }).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'url' }] });
      await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).send({ url: 'https://shop.example/', visitorId: 'x' }).expect(400);
      expect((await t.http.post('/widget/v1/visits').send({ url: 'https://shop.example/' }).expect(401)).body.code).toBe('SITE_KEY_REQUIRED');
      await t.http.post('/widget/v1/visits').set('X-Site-Key', 'nope').send({ url: 'https://shop.example/' }).expect(401);
    });
  });

  describe('identity tokens', () => {
    it('links the visit to the profile with a valid HMAC token; a later visit of the same visitor without one stays anonymous', async () => {
      const customer = await createCustomer(t, { tags: ['vip'] });
      const visit = await startVisit({ identityToken: signIdentityToken({ email: customer.email, exp: Math.floor(Date.now() / 1000) + 600 }, identitySecret) });
      expect((await visitRow(visit.visitId)).customer_id).toBe(customer.id);
      // The visitor id is a cookie, not a proof: it is not recorded as an identity and does not identify a later visit.
      expect(await t.dataSource.query(`SELECT 1 FROM customer_identity WHERE kind = 'web_visitor' AND value = $1`, [visit.visitorId])).toEqual([]);
      const next = await startVisit({ visitorId: visit.visitorId });
      expect((await visitRow(next.visitId)).customer_id).toBeNull();
    });

    it('does not identify a visit by a visitor id alone, even one recorded on a profile as a web_visitor identity', async () => {
      const visitorId = `v-known-${unique()}`;
      await createCustomer(t, { identities: [{ kind: 'web_visitor', value: visitorId }] });
      const visit = await startVisit({ visitorId });
      expect(visit.visitorId).toBe(visitorId);
      expect((await visitRow(visit.visitId)).customer_id).toBeNull();
      const decisions = await t.http.get(`/api/v1/visits/${visit.visitId}/decisions`).set('Authorization', t.apiAuth).expect(200);
      expect(decisions.body.facts['visitor.identified']).toBe(false);
    });

    it('accepts an HS256 JWT naming the Relais customer id', async () => {
      const customer = await createCustomer(t);
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: customer.id })}`;
      const jwt = `${signed}.${createHmac('sha256', identitySecret).update(signed).digest('base64url')}`;
      const visit = await startVisit({ identityToken: jwt });
      expect((await visitRow(visit.visitId)).customer_id).toBe(customer.id);
    });

    it('ignores a forged, unsigned or expired token: the visit stays anonymous', async () => {
      const customer = await createCustomer(t);
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const tokens = [
        signIdentityToken({ email: customer.email }, 'not-the-site-secret'),
        `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: customer.id })}.`,
        `${part({ email: customer.email })}.${'0'.repeat(64)}`,
        signIdentityToken({ email: customer.email, exp: Math.floor(Date.now() / 1000) - 60 }, identitySecret),
        'garbage',
      ];
      for (const identityToken of tokens) {
        const visit = await startVisit({ identityToken });
        expect({ identityToken, customer: (await visitRow(visit.visitId)).customer_id }).toEqual({ identityToken, customer: null });
        const linked = await t.dataSource.query(`SELECT 1 FROM customer_identity WHERE kind = 'web_visitor' AND value = $1`, [visit.visitorId]);
        expect(linked).toEqual([]);
      }
    });
  });

  describe('POST /widget/v1/visits/{visitId}/events', () => {
    it('folds a batch into the visit context and keeps the raw events', async () => {
      const visit = await startVisit();
      const response = await send(visit, [
        { type: 'page_view', url: 'https://shop.example/fr/tv/oled-55', pageType: 'product', title: 'OLED 55' },
        { type: 'product_view', sku: 'TV-OLED55', family: 'TV', price: 1299 },
        { type: 'search', query: 'Barre de son Sony' },
        {
          type: 'cart_update',
          items: [
            { sku: 'TV-OLED55', family: 'tv', price: 1299, quantity: 1 },
            { sku: 'HDMI', price: 15.5, quantity: 2 },
          ],
        },
        { type: 'idle', seconds: 5 },
      ]);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ actions: expect.any(Array) });
      const row = await visitRow(visit.visitId);
      expect(row.event_count).toBe(5);
      expect(row.context).toMatchObject({
        pageViews: 2,
        pageType: 'product',
        product: { sku: 'TV-OLED55', family: 'tv', price: 1299 },
        cartValue: 1330,
        cartCount: 3,
        searchKeywords: ['barre', 'de', 'son', 'sony'],
      });
      const events = await t.dataSource.query('SELECT type FROM visit_event WHERE visit_id = $1 ORDER BY received_at, type', [visit.visitId]);
      expect(events.map((e: { type: string }) => e.type).sort()).toEqual(['cart_update', 'idle', 'page_view', 'product_view', 'search']);
    });

    it('refuses a bad event with 400 naming its index and field, and stores nothing of the batch', async () => {
      const visit = await startVisit();
      const bad = await send(visit, [
        { type: 'page_view', url: 'https://shop.example/a' },
        { type: 'product_view', sku: 'A', family: 'tv', price: 'cheap' },
      ]).expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_EVENTS', details: [{ field: 'events[1].price', reasons: ['must be a number'] }] });
      expect((await send(visit, [{ type: 'teleport' }]).expect(400)).body.details[0].field).toBe('events[0].type');
      expect((await send(visit, [{ type: 'cart_update', items: [{ sku: 'A', price: 1, quantity: 0 }] }]).expect(400)).body.details[0].field).toBe('events[0].items[0].quantity');
      expect((await send(visit, [{ type: 'idle', seconds: 3, extra: true }]).expect(400)).body.details[0].field).toBe('events[0].extra');
      expect((await send(visit, []).expect(400)).body.details[0].field).toBe('events');
      await send(
        visit,
        Array.from({ length: 51 }, () => ({ type: 'exit_intent' })),
      ).expect(400);
      const extraField = await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', `Bearer ${visit.visitToken}`)
        .send({ events: [{ type: 'exit_intent' }], extra: 1 });
      expect(extraField.status).toBe(400);
      expect(extraField.body.details[0].field).toBe('extra');
      expect((await visitRow(visit.visitId)).event_count).toBe(0);
      expect(await t.dataSource.query('SELECT 1 FROM visit_event WHERE visit_id = $1', [visit.visitId])).toEqual([]);
    });

    it('answers 401 without a visit token or with another visit token, and 404 for an unknown visit', async () => {
      const visit = await startVisit();
      const other = await startVisit();
      const noToken = await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .send({ events: [{ type: 'exit_intent' }] })
        .expect(401);
      expect(noToken.body.code).toBe('VISIT_TOKEN_REQUIRED');
      const mismatch = await send(other, [{ type: 'exit_intent' }], visit.visitId).expect(401);
      expect(mismatch.body.code).toBe('VISIT_TOKEN_MISMATCH');
      await t.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', TEST_SITE_KEY)
        .set('Authorization', 'Bearer forged')
        .send({ events: [{ type: 'exit_intent' }] })
        .expect(401);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await t.http.get(`/api/v1/visits/${unknown}`).set('Authorization', t.apiAuth).expect(404)).body.code).toBe('VISIT_NOT_FOUND');
      await t.http.get(`/api/v1/visits/${unknown}/decisions`).set('Authorization', t.apiAuth).expect(404);
      await t.dataSource.query('DELETE FROM visit WHERE id = $1', [other.visitId]);
      expect((await send(other, [{ type: 'exit_intent' }]).expect(404)).body.code).toBe('VISIT_NOT_FOUND');
    });

    it('does not count a resent batch twice (client event ids)', async () => {
      const visit = await startVisit();
      const batch = [
        { id: `e1-${unique()}`, type: 'page_view', url: 'https://shop.example/fr/hifi' },
        { id: `e2-${unique()}`, type: 'page_view', url: 'https://shop.example/fr/hifi/ampli', at: new Date().toISOString() },
      ];
      await send(visit, batch).expect(200);
      await send(visit, batch).expect(200);
      await send(visit, [batch[1], { type: 'page_view', url: 'https://shop.example/fr/tv' }]).expect(200);
      const row = await visitRow(visit.visitId);
      expect(row.event_count).toBe(3);
      expect(row.context.pageViews).toBe(4);
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM visit_event WHERE visit_id = $1', [visit.visitId]);
      expect(count).toBe(3);
    });

    it('loses no update when batches for one visit arrive concurrently', async () => {
      const visit = await startVisit();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          send(visit, [
            { type: 'page_view', url: `https://shop.example/fr/p/${n}` },
            { type: 'search', query: `word${n}` },
          ]),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      const row = await visitRow(visit.visitId);
      expect(row.event_count).toBe(40);
      expect(row.context.pageViews).toBe(21);
      expect(row.context.searchKeywords).toHaveLength(20);
    });

    it('writes a batch only if its visit is unchanged since the read: a stale write stores nothing', async () => {
      const visit = await startVisit();
      await send(visit, [{ type: 'search', query: 'one' }]).expect(200);
      const read = await visitRow(visit.visitId);
      const [{ version }] = await t.dataSource.query('SELECT xmin::text AS version FROM visit WHERE id = $1', [visit.visitId]);
      await send(visit, [{ type: 'search', query: 'two' }]).expect(200);
      const writer = t.app.get(EventBatchWriter);
      const stale = {
        visitId: visit.visitId,
        rowVersion: version,
        now: new Date(),
        context: read.context,
        targeting: read.targeting,
        events: [{ type: 'exit_intent' as const }],
        purchasedAt: null,
        actions: [],
      };
      expect(await writer.write(stale)).toBe(false);
      const after = await visitRow(visit.visitId);
      expect(after.event_count).toBe(2);
      expect(after.context.searchKeywords).toEqual(['one', 'two']);
      expect(await t.dataSource.query(`SELECT 1 FROM visit_event WHERE visit_id = $1 AND type = 'exit_intent'`, [visit.visitId])).toEqual([]);
      const [{ version: current }] = await t.dataSource.query('SELECT xmin::text AS version FROM visit WHERE id = $1', [visit.visitId]);
      expect(await writer.write({ ...stale, rowVersion: current, context: after.context, targeting: after.targeting })).toBe(true);
      expect((await visitRow(visit.visitId)).event_count).toBe(3);
    });

    it('deletes raw events past the retention period and keeps recent ones', async () => {
      const visit = await startVisit();
      await send(visit, [{ type: 'exit_intent' }, { type: 'checkout_start' }]).expect(200);
      await t.dataSource.query(`UPDATE visit_event SET received_at = now() - interval '200 days' WHERE visit_id = $1 AND type = 'exit_intent'`, [visit.visitId]);
      expect(await t.app.get(VisitsService).deleteExpiredEvents()).toBeGreaterThanOrEqual(1);
      const left = await t.dataSource.query('SELECT type FROM visit_event WHERE visit_id = $1', [visit.visitId]);
      expect(left).toEqual([{ type: 'checkout_start' }]);
    });
  });

  describe('sites and personal data', () => {
    it('shows identity secrets only to credential managers', async () => {
      const readOnly = await apiKeyWithScopes(t, ['visits:read']);
      expect((await t.http.get('/api/v1/sites').set('Authorization', readOnly).expect(403)).body.code).toBe('MISSING_SCOPE');
      const manager = await apiKeyWithScopes(t, ['api-keys:manage']);
      const sites = await t.http.get('/api/v1/sites').set('Authorization', manager).expect(200);
      expect(sites.body.items[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        siteKey: expect.any(String),
        identitySecret: expect.any(String),
        allowedOrigins: [],
        defaultLocale: 'fr',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('exports the visits of a customer and erases them', async () => {
      const customer = await createCustomer(t);
      const visit = await startVisit({ identityToken: signIdentityToken({ customerId: customer.id }, identitySecret) });
      await send(visit, [{ type: 'search', query: 'lave-linge' }]).expect(200);
      const exported = await t.http.get(`/api/v1/customers/${customer.id}/export`).set('Authorization', t.apiAuth).expect(200);
      expect(exported.body.visits).toEqual([expect.objectContaining({ id: visit.visitId, events: [expect.objectContaining({ type: 'search' })] })]);
      await t.http.delete(`/api/v1/customers/${customer.id}`).set('Authorization', t.apiAuth).expect(200);
      expect(await t.dataSource.query('SELECT 1 FROM visit WHERE id = $1', [visit.visitId])).toEqual([]);
    });
  });
});
