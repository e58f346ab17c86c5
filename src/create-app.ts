import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { logRequests } from './common/logging';
import { createValidationPipe } from './common/validation.pipe';
import { registerPageFiles } from './pages/pages.setup';
import { registerWidgetCors } from './sites/widget-cors';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApp(options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  // A load balancer's X-Request-Id is kept so one request can be followed across instances and logs.
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true, requestIdHeader: 'x-request-id', genReqId: () => randomUUID() });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, logger: options.logs === false ? false : undefined });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // Echo the request id so a user reporting an error can quote it.
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  logRequests(fastify, () => PinoLogger.root);
  registerWidgetCors(app);
  await registerPageFiles(app);
  setupOpenApi(app);
  return app;
}

function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Relais API')
    .setDescription(
      'Cross-channel customer hub. Three audiences: `/api/v1` for integrators (API key as Bearer token, scoped), ' +
        '`/console/v1` for advisors (token from `POST /console/v1/auth/login`, roles), `/widget/v1` for website visitors ' +
        '(`X-Site-Key` header, then the visit token). Errors are `{statusCode, code, message, details?}`; lists are `{items, nextCursor}`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Integrator API key' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Advisor access token' }, 'advisor')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Visit token' }, 'visit-token')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Site-Key' }, 'site-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
