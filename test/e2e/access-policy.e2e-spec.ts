import { hashApiKey } from '../../src/api-keys/api-key-secret';
import { TEST_ADMIN, TEST_API_KEY } from '../setup/test-database';
import { loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

// One handler serves /api/v1 and /console/v1: each path admits only its own audience's credential.
describe('one route, two audiences', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
  });
  afterAll(() => t.close());

  it('takes an API key under /api and an advisor token under /console, never the other way round', async () => {
    await t.http.get('/api/v1/api-keys').set('Authorization', t.apiAuth).expect(200);
    await t.http.get('/console/v1/api-keys').set('Authorization', admin).expect(200);
    expect((await t.http.get('/api/v1/api-keys').set('Authorization', admin).expect(401)).body.code).toBe('INVALID_API_KEY');
    expect((await t.http.get('/console/v1/api-keys').set('Authorization', t.apiAuth).expect(401)).body.code).toBe('INVALID_TOKEN');
    expect((await t.http.get('/api/v1/api-keys').expect(401)).body.code).toBe('API_KEY_REQUIRED');
    expect((await t.http.get('/console/v1/api-keys').expect(401)).body.code).toBe('LOGIN_REQUIRED');
  });

  it('passes the caller of either audience to the handler', async () => {
    const byAdvisor = await t.http
      .post('/console/v1/api-keys')
      .set('Authorization', admin)
      .send({ name: `console ${unique()}`, scopes: ['stores:read'] })
      .expect(201);
    const byKey = await t.http
      .post('/api/v1/api-keys')
      .set('Authorization', t.apiAuth)
      .send({ name: `api ${unique()}`, scopes: ['stores:read'] })
      .expect(201);
    const rows: { id: string; created_by: string }[] = await t.dataSource.query('SELECT id, created_by FROM api_key WHERE id = ANY($1)', [[byAdvisor.body.id, byKey.body.id]]);
    const [advisor] = await t.dataSource.query('SELECT id FROM advisor WHERE email = $1', [TEST_ADMIN.email]);
    const [key] = await t.dataSource.query('SELECT id FROM api_key WHERE key_hash = $1', [hashApiKey(TEST_API_KEY)]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.created_by]))).toEqual({ [byAdvisor.body.id]: advisor.id, [byKey.body.id]: key.id });
  });

  it('keeps routes that one audience lacks out of the other', async () => {
    await t.http.post('/console/v1/customers').set('Authorization', admin).send({ name: 'x' }).expect(404);
    await t.http.post('/console/v1/agent/answer').set('Authorization', admin).send({ text: 'hello' }).expect(404);
  });

  it('documents each path with its own audience, API keys as opaque bearer tokens, errors with the one error schema', async () => {
    const docs = (await t.http.get('/docs-json').expect(200)).body;
    const schemesOf = (path: string, method: string) => (docs.paths[path][method].security as Record<string, string[]>[]).flatMap((r) => Object.keys(r)).sort();
    expect(schemesOf('/api/v1/targeting-rules', 'get')).toEqual(['api-key']);
    expect(schemesOf('/console/v1/targeting-rules', 'get')).toEqual(['advisor']);
    expect(schemesOf('/widget/v1/conversations', 'post')).toEqual(['site-key', 'visit-token']);
    expect(docs.paths['/api/v1/targeting-rules'].get.operationId).not.toBe(docs.paths['/console/v1/targeting-rules'].get.operationId);
    expect(docs.components.securitySchemes['api-key']).not.toHaveProperty('bearerFormat');
    expect(docs.components.securitySchemes.advisor.bearerFormat).toBe('JWT');
    expect(docs.paths['/console/v1/targeting-rules/{id}'].get.responses['404'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponseDto');
    expect(docs.components.schemas.ErrorResponseDto.required).toEqual(expect.arrayContaining(['statusCode', 'code', 'message']));
  });
});
