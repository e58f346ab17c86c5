import { FastifyAdapter } from '@nestjs/platform-fastify';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { REDACTED_PATHS, loggableError, logRequests } from './logging';

/** An app with one route, logging at `level` into `lines`. */
async function appLogging(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const fastify = new FastifyAdapter({ requestIdHeader: 'x-request-id' }).getInstance();
  logRequests(fastify, () => logger);
  fastify.get('/*', async () => ({ ok: true }));
  await fastify.ready();
  return { fastify, lines };
}

describe('request logs', () => {
  it('write one line per request with its id and status, and no personal data from the URL', async () => {
    const { fastify, lines } = await appLogging('info');
    await fastify.inject({ url: '/api/v1/customers?phone=0612345678&limit=5&email=lea%40example.fr', headers: { 'x-request-id': 'lb-7', authorization: 'Bearer secret' } });
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: { id: 'lb-7', method: 'GET', url: '/api/v1/customers?phone=[redacted]&limit=5&email=[redacted]' },
        res: { statusCode: 200 },
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('leave out health probes, and everything below the configured level', async () => {
    const info = await appLogging('info');
    await info.fastify.inject({ url: '/health/live' });
    expect(info.lines).toEqual([]);
    const quiet = await appLogging('warn');
    await quiet.fastify.inject({ url: '/api/v1/customers' });
    expect(quiet.lines).toEqual([]);
  });
});

describe('error logs', () => {
  it('keep the kind, message and SQLSTATE of a failed query, never its parameters or the row it repeats', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "customer_email_key"'), {
      code: '23505',
      detail: 'Key (email)=(lea.martin@example.fr) already exists.',
    });
    const failed = new QueryFailedError('INSERT INTO customer (email) VALUES ($1)', ['lea.martin@example.fr'], driverError);
    const logged = loggableError(failed);
    expect(logged).toMatchObject({ type: 'QueryFailedError', code: '23505', message: expect.stringContaining('customer_email_key') });
    expect(JSON.stringify(logged)).not.toContain('lea.martin');
  });

  it('hide every query value but the few that never name a person', async () => {
    const { fastify, lines } = await appLogging('info');
    await fastify.inject({ url: '/api/v1/outbox?to=lea%40example.fr&limit=5&status=sent' });
    expect(lines[0]).toMatchObject({ req: { url: '/api/v1/outbox?to=[redacted]&limit=5&status=sent' } });
  });
});
