import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webRoot } from '../../src/pages/web-root';
import { Harness, onlineAdvisor, screenshot, seriousA11yViolations, startHarness, widget } from './harness';

describe('pages and the widget bundle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('keeps the widget under its 40 KB gzipped budget, as the build reports it', () => {
    const size = JSON.parse(readFileSync(join(webRoot(), 'widget/size.json'), 'utf8')) as { gzipBytes: number; budgetGzipBytes: number };
    expect(size.budgetGzipBytes).toBe(40 * 1024);
    expect(size.gzipBytes).toBeLessThan(size.budgetGzipBytes);
  });

  it('serves the landing page with links to the demo, the console, the API docs and health', async () => {
    const page = await h.newPage();
    await page.goto(`${h.relaisUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Relais');
    for (const href of ['/demo', '/console', '/docs', '/health/ready']) expect(await page.locator(`a[href="${href}"]`).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'landing');
    await page.close();
  });

  it('serves the widget script with a short cache, and the demo shop from Relais itself', async () => {
    const script = await h.relais.http.get('/widget/v1/widget.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=300');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const shop = await h.relais.http.get('/demo/product/TV-OLED-55').expect(200);
    expect(shop.text).toContain('data-site-key="demo-site-key"');
    await h.relais.http.get('/demo/assets/..%2F..%2Fpackage.json').expect(404);
  });

  it("runs the demo shop on Relais's own origin, as a newcomer opens it after npm start", async () => {
    const page = await h.newPage();
    const started = page.waitForResponse((r) => r.url().endsWith('/widget/v1/visits'));
    await page.goto(`${h.relaisUrl}/demo`);
    expect((await started).status()).toBe(201);
    await widget(page).locator('[data-relais="launcher"]').click();
    await widget(page).getByLabel('Votre message').waitFor();
    await page.context().close();
  });

  it('embeds the widget on the demo shop served from another origin, in the page language, without a11y violations', async () => {
    const advisor = await onlineAdvisor(h);
    const page = await h.newPage();
    await page.goto(`${h.shopUrl}/demo/product/TV-OLED-55`);
    // The product is over 300 EUR and an advisor is online: the demo rule's chat button speaks for it, in French.
    await widget(page).locator('[data-relais="launcher"]', { hasText: 'Une question sur ce produit ? Discutons.' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'demo-product');
    await page.close();
    advisor.socket.close();
  });
});
