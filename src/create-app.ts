import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { logRequests } from './common/logging';
import { buildOpenApiDocument } from './common/openapi';
import { createValidationPipe } from './common/validation.pipe';

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
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
