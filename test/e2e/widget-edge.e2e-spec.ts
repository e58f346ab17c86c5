import { TEST_SITE_KEY } from '../setup/test-database';
import { listen } from '../utils/chat-sockets';
import { apiKeyWithScopes, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';
import { io } from 'socket.io-client';

// The browser edge: CORS for the widget API from each site's allowed origins, and sites managed by integrators and admins.
describe('widget CORS and sites', () => {
  let t: TestApp;
  let url: string;
  let site: { id: string; siteKey: string; identitySecret: string };
  const shop = `https://shop-${unique()}.example`;

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    site = (
      await t.http
        .post('/api/v1/sites')
        .set('Authorization', t.apiAuth)
        .send({ name: 'Shop', allowedOrigins: [`${shop}/`], defaultLocale: 'en' })
        .expect(201)
    ).body;
  });
  afterAll(() => t.close());

  it('creates a site with a fresh key and secret, normalised origins, and lists it with its secret', async () => {
    expect(site).toMatchObject({ name: 'Shop', siteKey: expect.stringMatching(/^site_/), identitySecret: expect.any(String), allowedOrigins: [shop], defaultLocale: 'en' });
    const list = await t.http.get('/api/v1/sites?limit=100').set('Authorization', t.apiAuth).expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: site.id, identitySecret: site.identitySecret }));
  });

  it('validates sites at the edge and authorises every route', async () => {
    const bad = await t.http
      .post('/api/v1/sites')
      .set('Authorization', t.apiAuth)
      .send({ name: 'x', allowedOrigins: ['https://shop.example/path', 'shop.example'] })
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    await t.http.patch(`/api/v1/sites/${site.id}`).set('Authorization', t.apiAuth).send({ defaultLocale: 'de' }).expect(400);
    await t.http.patch('/api/v1/sites/00000000-0000-4000-8000-000000000000').set('Authorization', t.apiAuth).send({ name: 'x' }).expect(404);
    await t.http.post('/api/v1/sites').send({ name: 'anonymous' }).expect(401);
    const readOnly = await apiKeyWithScopes(t, ['customers:read']);
    await t.http.post('/api/v1/sites').set('Authorization', readOnly).send({ name: 'nope' }).expect(403);
  });

  it('answers the preflight for an allowed origin and refuses an origin no site lists', async () => {
    const ok = await t.http
      .options('/widget/v1/visits')
      .set('Origin', shop)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-site-key')
      .expect(204);
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': shop, vary: expect.stringContaining('Origin') });
    expect(ok.headers['access-control-allow-headers']).toContain('x-site-key');
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    // The embedded test database has a site without origins (open in embedded mode), so name one in PostgreSQL mode only.
    if (process.env.DATABASE_URL) {
      const refused = await t.http.options('/widget/v1/visits').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST').expect(403);
      expect(refused.body).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    }
  });

  it('starts a visit from an allowed origin; a site key from another origin starts nothing', async () => {
    const allowed = await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', site.siteKey)
      .set('Origin', shop)
      .send({ url: `${shop}/tv` })
      .expect(201);
    expect(allowed.headers['access-control-allow-origin']).toBe(shop);
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM visit WHERE site_id = $1', [site.id]);
    const refused = await t.http.post('/widget/v1/visits').set('X-Site-Key', site.siteKey).set('Origin', 'https://evil.example').send({ url: 'https://evil.example/' }).expect(403);
    expect(refused.body).toEqual({
      statusCode: 403,
      code: 'ORIGIN_NOT_ALLOWED',
      message: expect.stringContaining('https://evil.example'),
      details: { origin: 'https://evil.example' },
    });
    // Readable by the page, so the merchant sees why.
    expect(refused.headers['access-control-allow-origin']).toBe('https://evil.example');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM visit WHERE site_id = $1', [site.id])).toEqual(before);
    // Server-to-server calls carry no Origin and are not browser calls.
    await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', site.siteKey)
      .send({ url: `${shop}/` })
      .expect(201);
  });

  it('refuses the widget socket from an origin the site does not list', async () => {
    const visit = await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', site.siteKey)
      .set('Origin', shop)
      .send({ url: `${shop}/` })
      .expect(201);
    const connect = (origin: string) =>
      new Promise<{ ok: boolean; code?: string }>((resolve) => {
        const socket = io(`${url}/widget`, {
          auth: { siteKey: site.siteKey, token: visit.body.visitToken },
          transports: ['websocket'],
          extraHeaders: { Origin: origin },
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => (socket.close(), resolve({ ok: true })));
        socket.once('connect_error', (error: Error & { data?: { code: string } }) => (socket.close(), resolve({ ok: false, code: error.data?.code })));
      });
    expect(await connect(shop)).toEqual({ ok: true });
    expect(await connect('https://evil.example')).toEqual({ ok: false, code: 'ORIGIN_NOT_ALLOWED' });
  });

  it('applies a change of allowed origins at once, and rotating the secret stops old identity tokens', async () => {
    const other = `https://other-${unique()}.example`;
    const patched = await t.http
      .patch(`/api/v1/sites/${site.id}`)
      .set('Authorization', t.apiAuth)
      .send({ allowedOrigins: [other], name: 'Shop 2' })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'Shop 2', allowedOrigins: [other], identitySecret: site.identitySecret });
    await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', site.siteKey)
      .set('Origin', shop)
      .send({ url: `${shop}/` })
      .expect(403);
    await t.http
      .post('/widget/v1/visits')
      .set('X-Site-Key', site.siteKey)
      .set('Origin', other)
      .send({ url: `${other}/` })
      .expect(201);

    const admin = await loginAsAdmin(t);
    const rotated = await t.http.post(`/console/v1/sites/${site.id}/rotate-identity-secret`).set('Authorization', admin).expect(200);
    expect(rotated.body.identitySecret).not.toBe(site.identitySecret);
    const listed = await t.http.get('/api/v1/sites?limit=100').set('Authorization', t.apiAuth).expect(200);
    expect(listed.body.items.find((s: { id: string }) => s.id === site.id).identitySecret).toBe(rotated.body.identitySecret);
  });

  it('keeps the test site (no origins) open to any origin in embedded mode only', async () => {
    const status = process.env.DATABASE_URL ? 403 : 201;
    await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).set('Origin', 'https://anywhere.example').send({ url: 'https://anywhere.example/' }).expect(status);
  });
});
