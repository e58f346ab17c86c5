import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { logRequests } from './common/logging';
import { buildOpenApiDocument } from './common/openapi';
import { guardInputText } from './common/input-text';
import { refuseForeignOrigins } from './common/same-origin';
import { createValidationPipe } from './common/validation.pipe';
import { loadConfig } from './config/app-config';
import { recordHttpMetrics } from './metrics/http-metrics';
import { registerPageFiles } from './pages/pages.setup';
import { registerWidgetCors } from './sites/widget-cors';

const BODY_LIMIT_BYTES = 1024 * 1024;
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'self'";

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApp(options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  // A load balancer's X-Request-Id is kept so one request can be followed across instances and logs. The client's
  // address (rate limits, audit) comes from X-Forwarded-For only when a configured proxy sent the request.
  const { trustedProxies, consoleOrigins } = loadConfig();
  const trustProxy = trustedProxies.length > 0 ? trustedProxies : false;
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy, requestIdHeader: 'x-request-id', genReqId: () => randomUUID() });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: true,
    logger: options.logs === false ? false : undefined,
    // Relais takes JSON only, through its own guarded parser (`guardInputText`).
    bodyParser: false,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet);
  guardInputText(fastify);
  // Echo the request id so a user reporting an error can quote it.
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Answers to integrators and advisors hold personal data: no browser or proxy may keep them.
    if (/^\/(api|console)\//.test(request.url)) void reply.header('cache-control', 'no-store');
    // The API page runs Swagger UI's inline script and styles; everything else keeps helmet's strict policy.
    if (request.url === '/docs' || request.url.startsWith('/docs/')) void reply.header('content-security-policy', DOCS_CSP);
  });
  logRequests(fastify, () => PinoLogger.root);
  recordHttpMetrics(fastify);
  registerWidgetCors(app);
  refuseForeignOrigins(fastify, consoleOrigins);
  await registerPageFiles(app);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
