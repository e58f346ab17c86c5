import { BadRequestException, NotFoundException } from '@nestjs/common';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { conflict } from './domain-error';
import { toErrorResponse } from './error-response';
import { RateLimiter } from './rate-limiter';

const queryError = (driverError: object) => new QueryFailedError('INSERT ...', [], Object.assign(new Error('db'), driverError));

/** A loopback port nothing listens on, as a stopped server leaves it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the one error model', () => {
  it('renders domain errors with their code and details', () => {
    expect(toErrorResponse(conflict('SLOT_FULL', 'That slot is full', { slot: 'x' }))).toEqual({
      body: { statusCode: 409, code: 'SLOT_FULL', message: 'That slot is full', details: { slot: 'x' } },
      internal: false,
    });
  });

  it('gives HTTP exceptions a stable code, and malformed JSON its own', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorResponse(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'")).body.code).toBe('INVALID_JSON');
  });

  it('turns unique violations into 409 and malformed values into 400', () => {
    expect(toErrorResponse(queryError({ code: '23505', constraint: 'advisor_email_key' })).body).toMatchObject({
      statusCode: 409,
      code: 'ALREADY_EXISTS',
      details: { constraint: 'advisor_email_key' },
    });
    expect(toErrorResponse(queryError({ code: '22P02' })).body).toMatchObject({ statusCode: 400, code: 'INVALID_VALUE' });
  });

  it('hides unknown errors behind a generic 500 and flags them for logging', () => {
    const { body, internal } = toErrorResponse(new Error('password=hunter2 in some stack'));
    expect(internal).toBe(true);
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.not.stringContaining('hunter2') });
  });

  it('answers 503 with Retry-After when PostgreSQL cannot be reached', async () => {
    const client = new Client({ host: '127.0.0.1', port: await closedPort(), user: 'postgres', connectionTimeoutMillis: 2000 });
    const refused = await client.connect().then(
      () => null,
      (error: unknown) => error,
    );
    await client.end().catch(() => undefined);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(toErrorResponse(refused)).toEqual({ body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.any(String) }, internal: false, retryAfterSeconds: 5 });
    expect(toErrorResponse(queryError({ code: '57P01' })).body.statusCode).toBe(503);
    expect(toErrorResponse(new Error('timeout exceeded when trying to connect')).body.statusCode).toBe(503);
    expect(toErrorResponse(queryError({ code: '57014' })).body.statusCode).toBe(500);
  });
});

describe('rate limiter while Redis is unreachable', () => {
  it('keeps counting per instance instead of failing the login', async () => {
    const redis = new Redis({ port: await closedPort(), maxRetriesPerRequest: 0, commandTimeout: 500, lazyConnect: true, retryStrategy: () => null });
    try {
      const limiter = new RateLimiter(redis, 2, 60);
      expect([await limiter.hit('k'), await limiter.hit('k')]).toEqual([0, 0]);
      expect(await limiter.hit('k')).toBeGreaterThan(55);
      expect(await limiter.blockedFor('k')).toBeGreaterThan(55);
      await limiter.reset('k');
      expect(await limiter.blockedFor('k')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
