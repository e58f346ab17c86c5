import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SitesService } from './sites.service';

// The demo shop's identity signer is called cross-origin too when the shop is served from another origin.
const CORS_PREFIXES = ['/widget/v1/', '/demo/v1/'];
const ALLOWED_HEADERS = 'content-type, authorization, x-site-key, x-request-id';

/**
 * CORS for the widget API. A preflight carries no site key, so it is answered for an origin that some site
 * accepts (others get a 403 naming the origin). The real request then reaches the auth guard, which checks the
 * origin against that site's own list: its refusal is readable by the page because the origin is echoed.
 * No credentials: the widget authenticates with its site key and visit token, never cookies.
 */
export function registerWidgetCors(app: NestFastifyApplication): void {
  const sites = app.get(SitesService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !CORS_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
      void reply.header('vary', 'Origin');
      if (request.method !== 'OPTIONS') {
        void reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', 'x-request-id');
        return;
      }
      if (!(await sites.someSiteAllows(origin))) {
        return reply.code(403).send({ statusCode: 403, code: 'ORIGIN_NOT_ALLOWED', message: `No site lists ${origin} in its allowedOrigins` });
      }
      return reply
        .code(204)
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    });
}
