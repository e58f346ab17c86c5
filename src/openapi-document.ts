import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './common/openapi';

/**
 * Writes the OpenAPI document to the file named as first argument (stdout without one), with no server and no database:
 * preview mode registers modules and routes without creating providers, which is all the document needs.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { preview: true, logger: false });
  const json = JSON.stringify(buildOpenApiDocument(app), null, 2);
  if (process.argv[2]) writeFileSync(process.argv[2], `${json}\n`);
  else process.stdout.write(`${json}\n`);
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
