import { TokensService } from '../../src/auth/tokens.service';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, loginAs, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

describe('auth: advisors, API keys, site keys', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
  });
  afterAll(() => t.close());

  const newAdvisor = (overrides: object = {}) => ({
    email: `adv.${unique()}@relais.test`,
    name: 'Alex Advisor',
    password: 'long-enough-password',
    roles: ['chat_advisor'],
    skills: ['tv_audio'],
    languages: ['fr', 'en'],
    ...overrides,
  });

  it('logs the bootstrap admin in and describes them', async () => {
    const me = await t.http.get('/console/v1/me').set('Authorization', admin).expect(200);
    expect(me.body).toMatchObject({ email: 'admin@relais.test', roles: ['admin'] });
  });

  it('refuses wrong passwords with 401 and then rate-limits the account with 429 and Retry-After', async () => {
    const advisor = newAdvisor();
    await t.http.post('/console/v1/advisors').set('Authorization', admin).send(advisor).expect(201);
    for (let i = 0; i < 5; i++) {
      const wrong = await t.http.post('/console/v1/auth/login').send({ email: advisor.email, password: 'wrong-password' }).expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    }
    const limited = await t.http.post('/console/v1/auth/login').send({ email: advisor.email, password: advisor.password }).expect(429);
    expect(limited.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('stores advisor passwords hashed with scrypt, never in clear', async () => {
    const advisor = newAdvisor();
    await t.http.post('/api/v1/advisors').set('Authorization', t.apiAuth).send(advisor).expect(201);
    const [row] = await t.dataSource.query('SELECT password_hash FROM advisor WHERE email = $1', [advisor.email]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(advisor.password);
  });

  it('lets admins manage advisors, with clear 400, 409 and 422 answers', async () => {
    const advisor = newAdvisor();
    const created = await t.http.post('/api/v1/advisors').set('Authorization', t.apiAuth).send(advisor).expect(201);
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
    await t.http.post('/api/v1/advisors').set('Authorization', t.apiAuth).send(advisor).expect(409);
    const invalid = await t.http
      .post('/api/v1/advisors')
      .set('Authorization', t.apiAuth)
      .send({ ...newAdvisor(), roles: ['boss'], password: 'short' })
      .expect(400);
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['roles', 'password']));
    const noStore = await t.http
      .post('/api/v1/advisors')
      .set('Authorization', t.apiAuth)
      .send(newAdvisor({ roles: ['store_advisor'] }))
      .expect(422);
    expect(noStore.body.code).toBe('STORE_REQUIRED');
    const patched = await t.http.patch(`/api/v1/advisors/${created.body.id}`).set('Authorization', t.apiAuth).send({ maxConcurrentChats: 5 }).expect(200);
    expect(patched.body.maxConcurrentChats).toBe(5);
    await t.http.get('/api/v1/advisors/00000000-0000-4000-8000-000000000000').set('Authorization', t.apiAuth).expect(404);
    await t.http.get('/api/v1/advisors/not-a-uuid').set('Authorization', t.apiAuth).expect(400);
  });

  it('deactivates an advisor: no login, their token refused, offline; reactivating lets them back in', async () => {
    const advisor = newAdvisor();
    const { id } = (await t.http.post('/console/v1/advisors').set('Authorization', admin).send(advisor).expect(201)).body;
    const token = await loginAs(t, advisor.email, advisor.password);
    await t.http.put('/console/v1/me/presence').set('Authorization', token).send({ status: 'online' }).expect(200);
    const disabled = await t.http.patch(`/console/v1/advisors/${id}`).set('Authorization', admin).send({ disabled: true }).expect(200);
    expect(disabled.body).toMatchObject({ disabled: true, presence: 'offline' });
    await t.http.get('/console/v1/me').set('Authorization', token).expect(401);
    await t.http.post('/console/v1/auth/login').send({ email: advisor.email, password: advisor.password }).expect(401);
    expect((await t.http.patch(`/console/v1/advisors/${id}`).set('Authorization', admin).send({ disabled: false }).expect(200)).body.disabled).toBe(false);
    await loginAs(t, advisor.email, advisor.password);
    await t.http.patch(`/console/v1/advisors/${id}`).set('Authorization', admin).send({ disabled: 'yes' }).expect(400);
  });

  it('checks roles on console routes (403) and lets an advisor set their presence', async () => {
    const advisor = newAdvisor();
    await t.http.post('/console/v1/advisors').set('Authorization', admin).send(advisor).expect(201);
    const token = await loginAs(t, advisor.email, advisor.password);
    const forbidden = await t.http.post('/console/v1/advisors').set('Authorization', token).send(newAdvisor()).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'MISSING_ROLE' });
    await t.http.get('/console/v1/api-keys').set('Authorization', token).expect(403);
    const presence = await t.http.put('/console/v1/me/presence').set('Authorization', token).send({ status: 'online' }).expect(200);
    expect(presence.body.presence).toBe('online');
    await t.http.put('/console/v1/me/presence').set('Authorization', token).send({ status: 'busy' }).expect(400);
  });

  it('rejects console requests without a token, with a forged one, or with a disabled advisor', async () => {
    await t.http.get('/console/v1/me').expect(401);
    await t.http.get('/console/v1/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    const visitToken = `Bearer ${t.app.get(TokensService).signVisit('00000000-0000-4000-8000-000000000001', 'v', 's')}`;
    const wrongKind = await t.http.get('/console/v1/me').set('Authorization', visitToken).expect(401);
    expect(wrongKind.body.code).toBe('INVALID_TOKEN');
  });

  it('shows a new API key once, stores only its hash, enforces scopes and honours revocation', async () => {
    const created = await t.http
      .post('/api/v1/api-keys')
      .set('Authorization', t.apiAuth)
      .send({ name: 'ERP sync', scopes: ['customers:read'] })
      .expect(201);
    expect(created.body.key).toMatch(/^rk_/);
    const [row] = await t.dataSource.query('SELECT key_hash FROM api_key WHERE id = $1', [created.body.id]);
    expect(row.key_hash).not.toContain(created.body.key);
    const listed = await t.http.get('/api/v1/api-keys?limit=100').set('Authorization', t.apiAuth).expect(200);
    const entry = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toMatchObject({ name: 'ERP sync', scopes: ['customers:read'] });
    expect(entry).not.toHaveProperty('key');

    const key = `Bearer ${created.body.key}`;
    await t.http.get('/api/v1/customers?email=nobody@example.fr').set('Authorization', key).expect(200);
    const missing = await t.http.post('/api/v1/customers').set('Authorization', key).send({ name: 'x' }).expect(403);
    expect(missing.body).toMatchObject({ code: 'MISSING_SCOPE', details: { missingScopes: ['customers:write'] } });
    const [used] = await t.dataSource.query('SELECT last_used_at FROM api_key WHERE id = $1', [created.body.id]);
    expect(used.last_used_at).not.toBeNull();

    await t.http.delete(`/api/v1/api-keys/${created.body.id}`).set('Authorization', t.apiAuth).expect(200);
    const revoked = await t.http.get('/api/v1/customers?email=nobody@example.fr').set('Authorization', key).expect(401);
    expect(revoked.body.code).toBe('INVALID_API_KEY');
  });

  it('refuses an API key without the key-management scope and unknown scopes', async () => {
    const reader = await apiKeyWithScopes(t, ['customers:read']);
    await t.http.get('/api/v1/api-keys').set('Authorization', reader).expect(403);
    await t.http
      .post('/api/v1/api-keys')
      .set('Authorization', t.apiAuth)
      .send({ name: 'x', scopes: ['everything'] })
      .expect(400);
    await t.http.get('/api/v1/customers').expect(401);
  });

  it('lets a key grant only scopes it holds, naming the others (403 SCOPE_NOT_HELD); admins grant any', async () => {
    const keyManager = await apiKeyWithScopes(t, ['api-keys:manage', 'stores:read']);
    const refused = await t.http
      .post('/api/v1/api-keys')
      .set('Authorization', keyManager)
      .send({ name: 'escalate', scopes: ['stores:read', 'customers:read', 'customers:erase'] })
      .expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'SCOPE_NOT_HELD', details: { scopes: ['customers:read', 'customers:erase'] } });
    expect(refused.body.message).toContain('customers:read, customers:erase');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM api_key WHERE name = 'escalate'`);
    expect(count).toBe(0);

    const narrower = await t.http
      .post('/api/v1/api-keys')
      .set('Authorization', keyManager)
      .send({ name: 'stores only', scopes: ['stores:read'] })
      .expect(201);
    expect(narrower.body.scopes).toEqual(['stores:read']);
    const byAdmin = await t.http
      .post('/console/v1/api-keys')
      .set('Authorization', admin)
      .send({ name: `admin ${unique()}`, scopes: ['customers:read', 'customers:erase'] })
      .expect(201);
    expect(byAdmin.body.scopes).toEqual(['customers:read', 'customers:erase']);
  });

  it('lets widget routes in with a known site key only', async () => {
    await t.http.get('/widget/v1/stores').expect(401);
    await t.http.get('/widget/v1/stores').set('X-Site-Key', 'unknown-site').expect(401);
    await t.http.get('/widget/v1/stores').set('X-Site-Key', TEST_SITE_KEY).expect(200);
  });
});
