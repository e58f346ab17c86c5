import { TEST_SITE_KEY } from '../setup/test-database';
import { loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

/** Input a browser, a fuzzer or an attacker sends: each gets a 4xx with a reason, never a 500. */
describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAsAdmin(t);
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const refused = (response: { status: number; body: { code?: string; message?: string } }) => {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  };

  it('refuses JSON nested thousands deep, before login and on the widget', async () => {
    const deep = '['.repeat(6000) + ']'.repeat(6000);
    const objectDeep = '{"a":'.repeat(6000) + '1' + '}'.repeat(6000);
    for (const body of [deep, objectDeep]) {
      refused(await t.http.post('/console/v1/auth/login').set('Content-Type', 'application/json').send(body));
      refused(await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).set('Content-Type', 'application/json').send(body));
    }
    const bad = await t.http.post('/console/v1/auth/login').set('Content-Type', 'application/json').send(`{"email":${objectDeep}}`).expect(400);
    expect(bad.body.code).toBe('INVALID_JSON');
  });

  it('refuses NUL bytes and lone surrogates in bodies, queries and paths with the field named', async () => {
    const nul = await api('post', '/api/v1/customers').send({ name: 'a\u0000b' }).expect(400);
    expect(nul.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'name' }] });
    refused(await api('get', '/api/v1/customers?q=ab%00cd'));
    refused(await api('post', '/api/v1/customers').send({ email: `a\ud800@example.com` }));
    refused(await t.http.post('/widget/v1/visits').set('X-Site-Key', TEST_SITE_KEY).send({ url: 'https://shop.example/', referrer: 'https://x.example/\u0000' }));
    refused(
      await api('post', '/api/v1/targeting-rules').send({
        name: `nul ${unique()}`,
        conditions: { all: [{ fact: 'page.url', operator: 'contains', value: 'a\u0000' }] },
        action: { type: 'chat_button' },
      }),
    );
    refused(await api('get', '/api/v1/customers/%00'));
  });

  it('answers 400 for null or empty contact fields and unknown references on customers', async () => {
    refused(await api('post', '/api/v1/customers').send({ email: null }));
    refused(await api('post', '/api/v1/customers').send({ phone: '' }));
    const store = await api('post', '/api/v1/customers').send({ name: 'x', preferredStoreId: '00000000-0000-4000-8000-000000000000' });
    refused(store);
    const owner = await api('post', '/api/v1/customers').send({ name: 'x', ownerAdvisorId: '00000000-0000-4000-8000-000000000000' });
    refused(owner);
  });

  it('answers 400 for null in PATCH of advisors and teams, far-future slots and broken cursors', async () => {
    const me = (await t.http.get('/console/v1/me').set('Authorization', admin).expect(200)).body;
    refused(await t.http.patch(`/api/v1/advisors/${me.id}`).set('Authorization', t.apiAuth).send({ name: null, skills: null }));
    refused(await api('patch', '/api/v1/teams/chat').send({ hours: null }));
    refused(await t.http.post('/widget/v1/callbacks').set('X-Site-Key', TEST_SITE_KEY).send({ phone: '0612345678', slotStart: '9999-12-31T23:00:00Z' }));
    refused(await api('get', `/api/v1/customers?q=ab&cursor=${Buffer.from(JSON.stringify({ at: '99999-01-01', id: 'x' })).toString('base64url')}`));
    refused(await api('get', '/api/v1/customers?q=ab&cursor=%E0%A4%A'));
  });

  it('accepts a DELETE that says its empty body is JSON', async () => {
    const customer = (await api('post', '/api/v1/customers').send({ name: 'To delete' }).expect(201)).body;
    const response = await api('delete', `/api/v1/customers/${customer.id}`).set('Content-Type', 'application/json');
    expect(response.status).toBeLessThan(300);
  });
});
