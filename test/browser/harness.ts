import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { webRoot } from '../../src/pages/web-root';
import { DEMO_PASSWORD } from '../../src/setup/demo-data';
import { connectConsole, listen, request } from '../utils/chat-sockets';
import { loginAs, startTestApp, TestApp } from '../utils/test-app';

// The browser-test harness: Relais on a fresh embedded database (demo data on), the demo shop on a second
// origin, and Debian's Chromium driven by playwright-core. See test/browser/README.md.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '../../artifacts/browser');

export interface Harness {
  relais: TestApp;
  /** Relais's own origin, e.g. http://127.0.0.1:41234 (it also serves /demo and /). */
  relaisUrl: string;
  /** The demo shop on another origin (127.0.0.2), embedding the widget from `relaisUrl`. */
  shopUrl: string;
  browser: Browser;
  /** A page in its own browser context (its own storage: a new visitor), 1280x800 unless told. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(options: { demo?: boolean } = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.env.RELAIS_DEMO = String(options.demo ?? true);
  const relais = await startTestApp();
  const relaisUrl = await listen(relais);
  const shop = await serveShop(relaisUrl, '127.0.0.2');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  return {
    relais,
    relaisUrl,
    shopUrl: shop.url,
    browser,
    newPage: async (viewport = { width: 1280, height: 800 }) => (await browser.newContext({ viewport })).newPage(),
    close: async () => {
      await browser.close();
      await new Promise((resolve) => shop.server.close(resolve));
      await relais.close();
      process.env.RELAIS_DEMO = 'false';
    },
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

/**
 * Serves the built demo shop as a merchant's own server would, on another origin: the same pages, with the
 * widget's script tag pointing at Relais's origin.
 */
export async function serveShop(relaisUrl: string, host: string): Promise<{ server: Server; url: string }> {
  const demo = join(webRoot(), 'demo');
  const page = readFileSync(join(demo, 'index.html'), 'utf8').replace('src="/widget/v1/widget.js"', `src="${relaisUrl}/widget/v1/widget.js"`);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://shop').pathname;
    const asset = /^\/demo\/assets\/([a-z0-9-]+\.[a-z]+)$/.exec(path)?.[1];
    if (asset && existsSync(join(demo, asset))) {
      response.writeHead(200, { 'content-type': TYPES[extname(asset)] ?? 'application/octet-stream' }).end(readFileSync(join(demo, asset)));
    } else if (path === '/demo' || path.startsWith('/demo/')) {
      response.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** A full-page screenshot in artifacts/browser/ (gitignored; CI keeps it as a test artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical violations on the page as it is now (the widget's Shadow DOM included). */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The widget lives in a Shadow DOM; Playwright's CSS locators pierce open shadow roots. */
export const widget = (page: Page) => page.locator('[data-relais-widget]');

/** A demo advisor online on the console socket, as the console would be (the console UI is another issue). */
export async function onlineAdvisor(h: Harness, email = 'chat@relais.demo'): Promise<{ socket: Socket; authorization: string }> {
  const authorization = await loginAs(h.relais, email, DEMO_PASSWORD);
  const socket = await connectConsole(h.relaisUrl, authorization.slice('Bearer '.length));
  const presence = await request(socket, 'presence', { status: 'online' });
  if (!presence.ok) throw new Error(`presence refused: ${JSON.stringify(presence)}`);
  return { socket, authorization };
}
