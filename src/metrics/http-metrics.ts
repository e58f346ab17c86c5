import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from './metrics';

/** Latency of every HTTP request, labelled by route pattern (`/api/v1/customers/:id`), never by raw URL, to bound cardinality. */
export function recordHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    done();
  });
}
