import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/access-policy.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { webRoot } from './web-root';

const root = webRoot();
const ASSET = /^[a-z0-9-]+\.(js|css|svg|png)$/;
/** The console's own files and its bundler's chunks (named by an upper-case content hash). */
const CONSOLE_ASSET = /^[A-Za-z0-9-]+\.(js|css)$/;

/** The pages Relais serves to browsers: the landing page, the demo shop, the advisor console and the widget bundle (built by `web/build.mjs`). */
@ApiExcludeController()
@Public()
@Controller()
export class PagesController {
  @Get()
  landing(@Res() reply: FastifyReply) {
    return send(reply, 'landing/index.html', 'no-cache');
  }

  /** One script tag on any site loads it; short caching so a release reaches shops within minutes. */
  @Get('widget/v1/widget.js')
  widget(@Res() reply: FastifyReply) {
    // Shops load it from their own origin: helmet's same-origin resource policy would make browsers drop it.
    void reply.header('cross-origin-resource-policy', 'cross-origin');
    return send(reply, 'widget/widget.js', 'public, max-age=300');
  }

  @Get('demo/assets/:file')
  demoAsset(@Param('file') file: string, @Res() reply: FastifyReply) {
    if (!ASSET.test(file)) throw notFound('NOT_FOUND', `No demo asset ${file}`);
    return send(reply, `demo/${file}`, 'public, max-age=300');
  }

  /** The advisor console: one page; its API is `/console/v1` and the `/console` socket. */
  @Get('console')
  console(@Res() reply: FastifyReply) {
    return send(reply, 'console/index.html', 'no-cache');
  }

  @Get('console/assets/:file')
  consoleAsset(@Param('file') file: string, @Res() reply: FastifyReply) {
    if (!CONSOLE_ASSET.test(file)) throw notFound('NOT_FOUND', `No console asset ${file}`);
    return send(reply, `console/${file}`, 'no-cache');
  }

  /** The demo shop is one page that reads its path (`/demo/product/<sku>`, `/demo/cart`...): real navigations, one file. */
  @Get(['demo', 'demo/*'])
  demo(@Res() reply: FastifyReply) {
    return send(reply, 'demo/index.html', 'no-cache');
  }
}

function send(reply: FastifyReply, file: string, cacheControl: string) {
  if (!existsSync(join(root, file))) throw new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'WEB_NOT_BUILT', 'The web pages are not built: run `npm run build`');
  return reply.header('cache-control', cacheControl).sendFile(file, root);
}
