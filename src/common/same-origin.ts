import type { FastifyInstance } from 'fastify';

/**
 * Whether a browser page from `origin` may call the integrator and advisor APIs: a caller without an Origin (a
 * server, curl) may, a page of Relais itself (same host) may, and so may an origin the operator listed.
 * Relais never uses cookies, so this is defence in depth against a stolen token used from a foreign page.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, files) and garbage
  }
}

const GUARDED_PREFIXES = ['/api/', '/console/v1/'];

/** Refuses cross-origin browser calls to `/api` and `/console/v1` with a 403 that names the origin. */
export function refuseForeignOrigins(fastify: FastifyInstance, allowed: readonly string[]): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !GUARDED_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    if (originAllowed(origin, request.host, allowed)) return;
    return reply.code(403).send({ statusCode: 403, code: 'ORIGIN_NOT_ALLOWED', message: `Pages from ${origin} may not call this API (see RELAIS_CONSOLE_ORIGINS)` });
  });
}
