import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Personal data and secrets never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-site-key"]',
  'req.headers.cookie',
  '*.email',
  '*.phone',
  '*.name',
  '*.password',
  '*.text',
  'err.details',
];

/** Query parameters whose values never name a person; every other value (`phone`, `q`, an outbox's `to`...) is hidden. */
const SAFE_QUERY_PARAMETERS = new Set(['limit', 'cursor', 'from', 'groupBy', 'channel', 'type', 'state', 'status', 'enabled', 'near']);
const redactUrl = (url: string) => url.replace(/([?&])([^=&]*)=([^&]*)/g, (all, sep: string, key: string) => (SAFE_QUERY_PARAMETERS.has(key) ? all : `${sep}${key}=[redacted]`));

/**
 * What an unexpected error's log line may hold: its kind, message, SQLSTATE and stack. A failed query's parameters
 * and the database's `detail` repeat the values of the row (names, e-mails, phones), so they stay out.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return { type: error.constructor.name, message: error.message, ...(code !== undefined && { code }), stack: error.stack };
}

/**
 * nestjs-pino builds the application logger from these options, but its per-request middleware is not mounted
 * (`forRoutes: []`): a pino-http child logger plus an AsyncLocalStorage context per request cost more CPU than the
 * whole health route (0.11 ms against 0.04 ms per request, measured), and slowed every promise after it.
 * Requests are logged by `logRequests` instead; errors carry the request id explicitly (`AllExceptionsFilter`).
 */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid, hostname: hostname(), service: 'relais' },
      // pino-http would read `req`/`res` below as Node request objects; they are already plain, redacted summaries.
      wrapSerializers: false,
    },
  };
}

/**
 * One line per answered request, with its id and without personal data in the URL; health probes are left out.
 * `logger` is read per request: nestjs-pino creates its root logger when the app initialises, after this is registered.
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const log = logger();
    if (log.isLevelEnabled('info') && !request.url.startsWith('/health')) {
      log.info(
        { req: { id: request.id, method: request.method, url: redactUrl(request.url) }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) },
        'request completed',
      );
    }
    done();
  });
}
