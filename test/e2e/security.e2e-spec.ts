import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/create-app';
import { io } from 'socket.io-client';
import { connectConsole, listen } from '../utils/chat-sockets';
import { loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

const newAdvisor = () => ({ email: `adv.${unique()}@relais.test`, name: 'Alex Advisor', password: 'long-enough-password', roles: ['chat_advisor'], skills: [], languages: ['fr'] });

type Post = (path: string, body: object, headers?: Record<string, string>) => Promise<number>;

/** Wrong passwords for one account, each claiming another client address in X-Forwarded-For; answers the statuses. */
async function guess(post: Post, email: string, attempts: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) statuses.push(await post('/console/v1/auth/login', { email, password: `wrong-${i}` }, { 'X-Forwarded-For': `198.51.100.${i + 1}` }));
  return statuses;
}

/** A POST from another loopback address than the trusted proxy's (127.0.0.1): an untrusted client. */
const postFromUntrustedClient =
  (port: number): Post =>
  (path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const call = httpRequest(
        { host: '127.0.0.1', port, path, method: 'POST', localAddress: '127.0.0.2', headers: { 'content-type': 'application/json', ...headers } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      call.on('error', reject);
      call.end(JSON.stringify(body));
    });

const supertestPost =
  (http: ReturnType<typeof request>): Post =>
  async (path, body, headers = {}) =>
    (await http.post(path).set(headers).send(body)).status;

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('security: headers, and login limits behind proxies', () => {
  // The test environment trusts loopback 127.0.0.1 as the proxy (test/setup/env.ts).
  describe('from a client that is not a trusted proxy', () => {
    let app: NestFastifyApplication;
    let http: ReturnType<typeof request>;
    let admin: string;
    beforeAll(async () => {
      app = await createApp({ logs: false });
      await app.listen(0, '127.0.0.1');
      http = request(app.getHttpServer());
      admin = await loginAsAdmin({ http } as TestApp);
    });
    afterAll(() => app.close());

    it('ignores its X-Forwarded-For: 40 wrong passwords from "40 addresses" are rate-limited', async () => {
      const advisor = newAdvisor();
      await http.post('/console/v1/advisors').set('Authorization', admin).send(advisor).expect(201);
      const post = postFromUntrustedClient((app.getHttpServer().address() as AddressInfo).port);
      const statuses = await guess(post, advisor.email, 40);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(count(statuses, 429)).toBe(35);
      // Still limited with the right password: the guesser must not learn it was right.
      expect(await post('/console/v1/auth/login', { email: advisor.email, password: advisor.password })).toBe(429);
    });

    it('sends security headers, keeps /api and /console answers out of caches, and relaxes the CSP only for the API page', async () => {
      const api = await http.get('/api/v1/customers?limit=1').set('Authorization', `Bearer ${process.env.RELAIS_API_KEY}`).expect(200);
      const console = await http.get('/console/v1/me').set('Authorization', admin).expect(200);
      const refused = await http.get('/console/v1/me').expect(401);
      for (const response of [api, console, refused]) {
        expect(response.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
        expect(response.headers['content-security-policy']).toContain("script-src 'self';");
        expect(response.headers['strict-transport-security']).toContain('max-age=');
      }
      const health = await http.get('/health/live').expect(200);
      expect(health.headers['cache-control']).toBeUndefined();
      expect(health.headers['x-content-type-options']).toBe('nosniff');

      const docs = await http.get('/docs').redirects(1).expect(200);
      expect(docs.text).toContain('swagger-ui');
      expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
      await http.get('/docs-json').expect(200);
    });
  });

  describe('behind a trusted proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('takes the client address from X-Forwarded-For, and still limits an account guessed at from many addresses', async () => {
      const advisor = newAdvisor();
      await t.http.post('/api/v1/advisors').set('Authorization', t.apiAuth).send(advisor).expect(201);
      const statuses = await guess(supertestPost(t.http), advisor.email, 25);
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    });
  });

  describe('cross-origin browser calls to /api and /console', () => {
    let t: TestApp;
    let base: string;
    const partner = 'https://admin.partner.example';
    beforeAll(async () => {
      process.env.RELAIS_CONSOLE_ORIGINS = partner;
      t = await startTestApp();
      base = await listen(t);
    });
    afterAll(async () => {
      delete process.env.RELAIS_CONSOLE_ORIGINS;
      await t.close();
    });

    it("refuses a foreign page with 403, and serves servers, Relais's own pages and a listed origin", async () => {
      const refused = await t.http.get('/api/v1/customers?limit=1').set('Authorization', t.apiAuth).set('Origin', 'https://evil.example').expect(403);
      expect(refused.body).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', message: expect.stringContaining('https://evil.example') });
      await t.http.post('/console/v1/auth/login').set('Origin', 'null').send({ email: 'x@relais.test', password: 'whatever-123' }).expect(403);
      await t.http.get('/api/v1/customers?limit=1').set('Authorization', t.apiAuth).expect(200);
      await t.http.get('/api/v1/customers?limit=1').set('Authorization', t.apiAuth).set('Host', 'relais.example').set('Origin', 'https://relais.example').expect(200);
      await t.http.get('/api/v1/customers?limit=1').set('Authorization', t.apiAuth).set('Origin', partner).expect(200);
      // The widget API keeps its own rule (each site's allowedOrigins).
      await t.http
        .get('/widget/v1/availability')
        .set('Origin', 'https://evil.example')
        .expect((response) => expect(response.status).not.toBe(500));
    });

    it('refuses the console socket from a foreign page', async () => {
      const token = (await loginAsAdmin(t)).replace('Bearer ', '');
      const foreign = io(`${base}/console`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { Origin: 'https://evil.example' } });
      const error = await new Promise<Error>((resolve) => foreign.once('connect_error', resolve));
      foreign.close();
      expect(error.message).toMatch(/ORIGIN_NOT_ALLOWED|may not open/);
      const own = await connectConsole(base, token);
      expect(own.connected).toBe(true);
      own.close();
    });
  });
});
