import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { ApiScope } from '../../src/common/auth/principal';
import { createApp } from '../../src/create-app';
import { TEST_ADMIN, TEST_API_KEY } from '../setup/test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  /** `Authorization` header value for the all-scopes integrator key. */
  apiAuth: string;
  close(): Promise<void>;
}

/** The full application on a real HTTP server, as `npm start` builds it. */
export async function startTestApp(): Promise<TestApp> {
  const app = await createApp({ logs: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    apiAuth: `Bearer ${TEST_API_KEY}`,
    close: () => app.close(),
  };
}

/** A fresh integrator key with only these scopes. */
export async function apiKeyWithScopes(t: TestApp, scopes: ApiScope[]): Promise<string> {
  const response = await t.http
    .post('/api/v1/api-keys')
    .set('Authorization', t.apiAuth)
    .send({ name: `test ${scopes.join(' ')}`, scopes })
    .expect(201);
  return `Bearer ${response.body.key}`;
}

/** Logs an advisor in and returns the `Authorization` header value. */
export async function loginAs(t: TestApp, email: string, password: string): Promise<string> {
  const response = await t.http.post('/console/v1/auth/login').send({ email, password }).expect(200);
  return `Bearer ${response.body.accessToken}`;
}

export const loginAsAdmin = (t: TestApp) => loginAs(t, TEST_ADMIN.email, TEST_ADMIN.password);

/** A unique suffix so the tests of one file (which share its database) do not collide. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
