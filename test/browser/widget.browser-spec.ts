import type { Page } from 'playwright-core';
import { DEMO_SITE_KEY } from '../../src/setup/demo-data';
import { nextEvent, request } from '../utils/chat-sockets';
import { Harness, onlineAdvisor, screenshot, seriousA11yViolations, startHarness, widget } from './harness';

const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));
const WAIT = { timeout: 90_000 };

/** The visit the widget keeps in the tab's storage. */
const visitIdOf = (page: Page) => page.evaluate<string>(`JSON.parse(sessionStorage.getItem('relais:${DEMO_SITE_KEY}')).visit.visitId`);

async function addToCart(page: Page, sku: string): Promise<void> {
  await page.goto(`${page.url().replace(/\/demo.*$/, '')}/demo/product/${sku}`);
  const tracked = page.waitForResponse((r) => r.url().includes('/events') && (r.request().postData() ?? '').includes('cart_update'));
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await tracked;
}

// The visitor's path through the widget on the demo shop, served from another origin than Relais.
describe('the widget on the demo shop', () => {
  let h: Harness;
  const api = (method: 'get' | 'patch', path: string) => h.relais.http[method](path).set('Authorization', h.relais.apiAuth);

  beforeAll(async () => {
    h = await startHarness();
    for (const team of ['chat', 'phone']) await api('patch', `/api/v1/teams/${team}`).send({ hours: ALL_DAY, closures: [] }).expect(200);
  });
  afterAll(() => h.close());

  it('does not start a visit from a page whose origin the site does not allow', async () => {
    const site = (await api('get', '/api/v1/sites?limit=100').expect(200)).body.items.find((s: { siteKey: string }) => s.siteKey === DEMO_SITE_KEY);
    await api('patch', `/api/v1/sites/${site.id}`)
      .send({ allowedOrigins: [h.relaisUrl] })
      .expect(200);
    try {
      const page = await h.newPage();
      const refused = page.waitForResponse((r) => r.url().endsWith('/widget/v1/visits') && r.request().method() === 'POST');
      await page.goto(`${h.shopUrl}/demo/product/TV-OLED-55`);
      const response = await refused;
      expect(response.status()).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
      expect(await widget(page).locator('[data-relais="launcher"]').count()).toBe(0);
      const visits = await h.relais.dataSource.query(`SELECT count(*)::int AS n FROM visit WHERE landing_url LIKE $1`, [`${h.shopUrl}%`]);
      expect(visits).toEqual([{ n: 0 }]);
      await page.context().close();
    } finally {
      await api('patch', `/api/v1/sites/${site.id}`).send({ allowedOrigins: [] }).expect(200);
    }
  });

  it('with nobody online, asking for a person offers a callback slot, and booking it shows the confirmation (360 px wide)', async () => {
    await h.relais.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
    const page = await h.newPage({ width: 360, height: 740 });
    await page.goto(`${h.shopUrl}/demo`);
    await widget(page).locator('[data-relais="launcher"]').click();
    const input = widget(page).getByLabel('Votre message');
    await input.fill('Je veux parler à un conseiller');
    await input.press('Enter');
    // Told in French that nobody can answer live, with the open routes; no promise of a person.
    await widget(page).getByText('Aucun conseiller ne peut vous répondre en direct pour le moment', { exact: false }).waitFor(WAIT);
    expect(await widget(page).getByText('mets en relation', { exact: false }).count()).toBe(0);
    await widget(page).getByRole('button', { name: 'Être rappelé' }).click();
    const firstSlot = widget(page).locator('[data-relais="callback-form"] .slots button').first();
    await firstSlot.waitFor(WAIT);
    expect(await firstSlot.getAttribute('aria-pressed')).toBe('true');
    await widget(page).getByLabel('Votre numéro de téléphone').fill('06 12 34 56 78');
    await widget(page).getByRole('button', { name: 'Réserver' }).click();
    const confirmation = widget(page).locator('[data-relais="confirmation"]');
    await confirmation.waitFor(WAIT);
    expect(await confirmation.textContent()).toMatch(/^Nous vous appellerons le /);
    const [callback] = await h.relais.dataSource.query(`SELECT phone, language, status FROM callback ORDER BY created_at DESC LIMIT 1`);
    expect(callback).toMatchObject({ phone: '+33612345678', language: 'fr', status: 'booked' });
    // Usable at 360 px: the panel fits the screen and the page does not scroll sideways.
    const box = await widget(page).locator('[data-relais="panel"]').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'widget-callback-booked-360');
    await page.context().close();
  });

  it('invites an idle cart, answers in French, hands over to an advisor in real time, and survives a reload', async () => {
    const advisor = await onlineAdvisor(h);
    try {
      const page = await h.newPage();
      await page.goto(`${h.shopUrl}/demo`);
      await addToCart(page, 'TV-OLED-55');
      // The demo rule fires after 40 s of an idle cart: the widget comes back when the server says, the page does nothing.
      const invitation = widget(page).locator('[data-relais="invitation"]');
      await invitation.waitFor(WAIT);
      expect(await invitation.textContent()).toContain('Une question sur votre panier ?');
      await screenshot(page, 'widget-invitation');
      await invitation.getByRole('button', { name: 'Oui, discutons' }).click();

      const input = widget(page).getByLabel('Votre message');
      await input.fill('Quels sont les délais de livraison ?');
      await input.press('Enter');
      await widget(page).getByText('2 à 4 jours ouvrés').waitFor(WAIT);

      const offered = nextEvent<{ conversationId: string; handoff: { language: string } }>(advisor.socket, 'chat:offer', () => true, 90_000);
      await input.fill('Je voudrais parler à un conseiller');
      await input.press('Enter');
      const offer = await offered;
      expect(offer.handoff.language).toBe('fr');
      expect((await request(advisor.socket, 'chat:accept', { conversationId: offer.conversationId })).ok).toBe(true);
      expect(
        (await request(advisor.socket, 'chat:message', { conversationId: offer.conversationId, text: 'Bonjour, je suis Julie. Le téléviseur est livré sous 3 jours.' })).ok,
      ).toBe(true);
      await widget(page).getByText('Bonjour, je suis Julie.', { exact: false }).waitFor(WAIT);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'widget-chat-with-advisor');

      // Reload mid-chat: the panel and the whole transcript come back, nothing lost, nothing doubled.
      const before = await widget(page).locator('.msg[data-seq]').allTextContents();
      await page.reload();
      await widget(page).getByText('Bonjour, je suis Julie.', { exact: false }).waitFor(WAIT);
      expect(await widget(page).locator('.msg[data-seq]').allTextContents()).toEqual(before);
      // Live again after the reload: the advisor's next message arrives once.
      expect((await request(advisor.socket, 'chat:message', { conversationId: offer.conversationId, text: 'Autre chose ?' })).ok).toBe(true);
      await widget(page).getByText('Autre chose ?').waitFor(WAIT);
      expect(await widget(page).getByText('Autre chose ?').count()).toBe(1);
      await page.context().close();
    } finally {
      advisor.socket.close();
    }
  });

  it('"log in as Léa" identifies the visitor with a signed identity token', async () => {
    const page = await h.newPage();
    await page.goto(`${h.shopUrl}/demo`);
    const identified = page.waitForResponse((r) => r.url().endsWith('/widget/v1/visits') && (r.request().postData() ?? '').includes('identityToken'));
    await page.getByRole('button', { name: 'Se connecter en tant que Léa' }).click();
    expect((await identified).status()).toBe(201);
    const lea = await api('get', `/api/v1/customers?email=${encodeURIComponent('lea.martin@example.fr')}`).expect(200);
    const visit = await api('get', `/api/v1/visits/${await visitIdOf(page)}`).expect(200);
    expect(visit.body.customerId).toBe(lea.body.items[0].id);
    await page.context().close();
  });

  it('keeps a declined invitation away for the rest of the visit', async () => {
    const advisor = await onlineAdvisor(h);
    const rule = (await api('get', '/api/v1/targeting-rules?limit=100').expect(200)).body.items.find((r: { name: string }) => r.name === 'Invitation: cart idle for 40 s');
    // The same rule on a 3 s idle cart, so this test need not wait 40 s again.
    await api('patch', `/api/v1/targeting-rules/${rule.id}`)
      .send({
        conditions: {
          all: [
            { fact: 'cart.items', operator: 'greaterThan', value: 0 },
            { fact: 'cart.idleSeconds', operator: 'greaterThanInclusive', value: 3 },
          ],
        },
      })
      .expect(200);
    try {
      const page = await h.newPage();
      await page.goto(`${h.shopUrl}/demo`);
      await addToCart(page, 'LAP-AIR-14');
      const invitation = widget(page).locator('[data-relais="invitation"]');
      await invitation.waitFor(WAIT);
      const declined = page.waitForResponse((r) => /\/actions\//.test(r.url()));
      await invitation.getByRole('button', { name: 'Non merci' }).click();
      expect((await declined).status()).toBe(200);

      // Another product in the cart, then idle past the threshold: the rule matches again, and nothing comes back. The
      // server schedules no check-in for a declined rule, so the check-in is made through the public API, as a page could.
      await addToCart(page, 'APP-ROBOT-V');
      await page.waitForTimeout(3_500); // the cart's idle time is the server's: let the rule's 3 s pass
      const idle = page.waitForResponse((r) => r.url().includes('/events') && (r.request().postData() ?? '').includes('"seconds":5'), WAIT);
      await page.evaluate(() => (globalThis as unknown as { Relais: { track(e: object): Promise<void> } }).Relais.track({ type: 'idle', seconds: 5 }));
      const { actions } = (await (await idle).json()) as { actions: { ruleId: string }[] };
      expect(actions.filter((action) => action.ruleId === rule.id)).toEqual([]);
      expect(await invitation.count()).toBe(0);
      const decisions = await api('get', `/api/v1/visits/${await visitIdOf(page)}/decisions`).expect(200);
      expect(decisions.body.rules.find((r: { ruleId: string }) => r.ruleId === rule.id)).toMatchObject({ matched: true, outcome: 'suppressed_declined' });
      await page.context().close();
    } finally {
      advisor.socket.close();
      await api('patch', `/api/v1/targeting-rules/${rule.id}`).send({ conditions: rule.conditions }).expect(200);
    }
  });
});
