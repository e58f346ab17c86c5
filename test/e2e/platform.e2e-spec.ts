import { startTestApp, TestApp } from '../utils/test-app';

describe('platform: health, docs, error model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without credentials', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
    if (process.env.REDIS_URL) expect(ready.body.details.redis.status).toBe('up');
  });

  it('publishes an OpenAPI document where every non-public route declares its credentials and error responses', async () => {
    const docs = await t.http.get('/docs-json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}/merge', '/console/v1/auth/login', '/health/ready']));
    for (const [path, operations] of Object.entries(paths)) {
      if (path.startsWith('/health') || path === '/console/v1/auth/login') continue;
      for (const [method, operation] of Object.entries(operations)) {
        expect({ route: `${method} ${path}`, secured: Boolean(operation.security?.length) }).toEqual({ route: `${method} ${path}`, secured: true });
        expect(operation.responses).toHaveProperty('401');
      }
    }
    expect(docs.body.components.schemas.CreateCustomerDto.properties).toHaveProperty('identities');
    const lookup = paths['/api/v1/customers'].get.responses['200'] as { content: { 'application/json': { schema: { properties: { items: { items: { $ref: string } } } } } } };
    expect(lookup.content['application/json'].schema.properties.items.items.$ref).toBe('#/components/schemas/CustomerResponseDto');
    expect(docs.body.components.schemas.CustomerResponseDto.properties).toHaveProperty('lifetimeValue');
  });

  it('answers unknown routes with the error model', async () => {
    const response = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('refuses malformed JSON with 400 and oversized bodies with 413', async () => {
    const bad = await t.http.post('/api/v1/customers').set('Authorization', t.apiAuth).set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_JSON' });
    const huge = await t.http
      .post('/api/v1/customers')
      .set('Authorization', t.apiAuth)
      .send({ name: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(huge.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('names every invalid field in a 400', async () => {
    const response = await t.http
      .post('/api/v1/customers')
      .set('Authorization', t.apiAuth)
      .send({ locale: 'french', tags: ['Not A Tag'], unknownField: 1 })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['locale', 'tags', 'unknownField']));
  });

  it('carries the load balancer request id back, or makes one', async () => {
    const forwarded = await t.http.get('/health/live').set('X-Request-Id', 'lb-123').expect(200);
    expect(forwarded.headers['x-request-id']).toBe('lb-123');
    const generated = await t.http.get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
