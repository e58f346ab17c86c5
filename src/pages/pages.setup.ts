import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { webRoot } from './web-root';

/** Gives replies `sendFile` (content type, ETag, ranges) without @fastify/static's own catch-all routes. */
export async function registerPageFiles(app: NestFastifyApplication): Promise<void> {
  // The routes set their own Cache-Control.
  await app.register(fastifyStatic, { root: webRoot(), serve: false, cacheControl: false });
}
