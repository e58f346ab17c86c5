import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { DEMO_PASSWORD, DEMO_SITE_KEY } from '../../src/setup/demo-data';
import { nextEvent } from '../utils/chat-sockets';
import { Harness, onlineAdvisor, screenshot, seriousA11yViolations, startHarness, widget } from './harness';

const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));
const WAIT = { timeout: 90_000 };

async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

// The advisor console at /console, driven as advisors use it, with a visitor on the demo shop on the other side.
describe('the advisor console', () => {
  let h: Harness;
  const api = (method: 'get' | 'post' | 'patch', path: string) => h.relais.http[method](path).set('Authorization', h.relais.apiAuth);

  beforeAll(async () => {
    h = await startHarness();
    for (const team of ['chat', 'phone']) await api('patch', `/api/v1/teams/${team}`).send({ hours: ALL_DAY, closures: [] }).expect(200);
  });
  beforeEach(() => h.relais.dataSource.query(`UPDATE advisor SET presence = 'offline'`));
  afterAll(() => h.close());

  it('says in words why a login failed (wrong password, too many attempts), and speaks French or English', async () => {
    const page = await h.newPage();
    await page.goto(`${h.relaisUrl}/console`);
    await logIn(page, 'chat@relais.demo', 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-login-error');
    // Guessing on: after five failures the account is locked for this address for a while, and the form says so.
    for (let attempt = 0; attempt < 5; attempt++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/console/v1/auth/login'));
      await logIn(page, 'store.lyon@relais.demo', `guess-${attempt}`);
      expect((await answered).status()).toBe(401);
    }
    await logIn(page, 'store.lyon@relais.demo', 'guess-5');
    await page
      .getByRole('alert')
      .filter({ hasText: /^Too many attempts\. Try again in \d+ min\.$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Passer la console en français' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getByLabel('Mot de passe').count()).toBe(1);
    await page.context().close();
  });

  it('offers a visitor who asks for a person to chat@ with the handoff packet; the reply reaches the widget; a draft survives an expired session; the chat goes to chat2@', async () => {
    const colleague = await onlineAdvisor(h, 'chat2@relais.demo');
    try {
      await chatFromShopToConsole(colleague.socket);
    } finally {
      colleague.socket.close();
    }
  });

  async function chatFromShopToConsole(colleague: Socket): Promise<void> {
    const advisor = await h.newPage();
    await advisor.goto(`${h.relaisUrl}/console`);
    const loginAt = await advisor.evaluate<number>('performance.now()');
    await logIn(advisor, 'chat@relais.demo');
    await advisor.getByRole('heading', { name: /Waiting queue/ }).waitFor();
    await advisor.locator('[data-console="queue"]').waitFor({ state: 'attached' });
    await advisor.getByText('Nobody is waiting.').waitFor();
    const painted = await advisor.evaluate<number>(`performance.getEntriesByName('relais:queue-painted')[0]?.startTime ?? NaN`);
    const fcp = await advisor.evaluate<number>(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`);
    console.log(`console: first contentful paint ${Math.round(fcp)} ms after navigation; queue painted ${Math.round(painted - loginAt)} ms after the login click`);
    expect(await advisor.getByLabel(/Availability/).inputValue()).toBe('online');
    expect(await seriousA11yViolations(advisor)).toEqual([]);
    await screenshot(advisor, 'console-chat-desk-empty');

    // The visitor puts the TV in the cart, then asks the bot for a person.
    const visitor = await h.newPage();
    await visitor.goto(`${h.shopUrl}/demo/product/TV-OLED-55`);
    const tracked = visitor.waitForResponse((r) => r.url().includes('/events') && (r.request().postData() ?? '').includes('cart_update'));
    await visitor.getByRole('button', { name: 'Ajouter au panier' }).click();
    await tracked;
    await widget(visitor).locator('[data-relais="launcher"]').click();
    const input = widget(visitor).getByLabel('Votre message');
    await input.fill('Je voudrais parler à un conseiller');
    await input.press('Enter');

    // The offer shows the packet: why, the bot transcript, the product and the cart; a countdown runs.
    const offer = advisor.locator('[data-console="offer"]');
    await offer.waitFor(WAIT);
    await offer.getByText(/Expires in \d+ s/).waitFor();
    await offer.getByText('Je voudrais parler à un conseiller').waitFor();
    expect(await offer.locator('[data-console="cart"]').textContent()).toBe('€1,200.00 (1 item)');
    await offer.getByText('asked for an advisor').waitFor();
    expect(await seriousA11yViolations(advisor)).toEqual([]);
    await screenshot(advisor, 'console-chat-offer');
    // By keyboard, as the rest of the desk.
    await offer.getByRole('button', { name: 'Accept' }).press('Enter');

    const chat = advisor.locator('[data-console="chat"]');
    await chat.waitFor();
    const reply = chat.getByLabel('Your reply');
    await reply.fill('Bonjour, je suis Julie. Le téléviseur est en stock.');
    await reply.press('Enter');
    await widget(visitor).getByText('Bonjour, je suis Julie.', { exact: false }).waitFor(WAIT);
    // The widget is open on the reply: the advisor sees it was read.
    await chat.getByText('Read by the visitor').waitFor(WAIT);
    await input.fill('Super, merci !');
    await input.press('Enter');
    await chat.getByText('Super, merci !').waitFor(WAIT);
    expect(await seriousA11yViolations(advisor)).toEqual([]);
    await screenshot(advisor, 'console-chat-live');

    // A half-typed reply, then the session runs out: back to the login form, and after logging in the chat and the draft are back.
    await reply.fill('Je vérifie la livraison');
    await advisor.evaluate(`{
      const saved = JSON.parse(sessionStorage.getItem('relais-console:session'));
      sessionStorage.setItem('relais-console:session', JSON.stringify({ ...saved, expiresAt: Date.now() - 1 }));
    }`);
    await advisor.reload();
    await advisor.getByText('Your session has expired.', { exact: false }).waitFor();
    await logIn(advisor, 'chat@relais.demo');
    await chat.getByText('Super, merci !').waitFor(WAIT);
    expect(await chat.getByLabel('Your reply').inputValue()).toBe('Je vérifie la livraison');

    // Transfer to Marc (chat2@) with a note: he is offered the chat with it, and it leaves Julie's desk.
    await chat.getByRole('button', { name: 'Transfer' }).click();
    const colleagues = chat.getByRole('combobox', { name: 'Colleague' });
    await colleagues.selectOption((await colleagues.locator('option', { hasText: 'Marc Chat' }).getAttribute('value'))!);
    await chat.getByLabel('Note for whoever takes it').fill('Client for the OLED TV, asks about delivery');
    const offeredToColleague = nextEvent<{ handoff: { transferNote: string } }>(colleague, 'chat:offer', () => true, 30_000);
    await chat.getByRole('button', { name: 'Transfer the chat' }).click();
    expect((await offeredToColleague).handoff.transferNote).toBe('Client for the OLED TV, asks about delivery');
    await chat.waitFor({ state: 'detached' });
    await visitor.context().close();
    await advisor.context().close();
  }

  it("lets phone@ find Léa by her phone in another format, read her timeline, and take today's callback to her (phone width)", async () => {
    // Léa booked a callback from the shop; it is due now and its promise is ten minutes away.
    const visit = (
      await h.relais.http
        .post('/widget/v1/visits')
        .set('X-Site-Key', DEMO_SITE_KEY)
        .send({ url: `${h.relaisUrl}/demo` })
        .expect(201)
    ).body;
    const widgetApi = (method: 'get' | 'post', path: string) => h.relais.http[method](path).set('X-Site-Key', DEMO_SITE_KEY).set('Authorization', `Bearer ${visit.visitToken}`);
    const slot = (await widgetApi('get', '/widget/v1/callback-slots?days=2').expect(200)).body.items[0];
    const booked = (await widgetApi('post', '/widget/v1/callbacks').send({ phone: '+33612345678', slotStart: slot.start, note: 'Question sur la garantie' }).expect(201)).body;
    await h.relais.dataSource.query(`UPDATE callback SET due_at = now() - interval '1 minute', promised_by = now() + interval '10 minutes' WHERE id = $1`, [booked.id]);

    const page = await h.newPage({ width: 390, height: 844 });
    await page.goto(`${h.relaisUrl}/console`);
    await logIn(page, 'phone@relais.demo');
    // Booked from an anonymous visit: the typed phone matches Léa's profile, which shows only once the advisor links it.
    const callback = page.locator('[data-console="callback"]', { hasText: 'Question sur la garantie' });
    await callback.waitFor();
    // The promise is close: highlighted, in words.
    await callback.getByText(/promise in (9|10) min/).waitFor();
    expect(await callback.getAttribute('class')).toContain('urgent');
    await callback.getByRole('button', { name: 'Link to the customer profile' }).click();
    await page.getByText('Linked to the profile.').waitFor();
    await callback.getByText('Léa Martin').waitFor();

    const search = page.getByRole('searchbox', { name: 'Find a customer' });
    await search.fill('06 12 34 56 78');
    await search.press('Enter');
    const profile = page.locator('[data-console="profile"]');
    await profile.getByRole('heading', { name: 'Léa Martin' }).waitFor();
    const timeline = profile.locator('[data-console="timeline"]');
    await timeline.getByText('Soundbar', { exact: false }).waitFor();
    await timeline.getByText('Asked about extended warranty').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await callback.getByRole('button', { name: 'Take: Léa Martin' }).click();
    await callback.getByText('Taken by you').waitFor();
    await callback.getByRole('button', { name: 'Reached' }).click();
    await page.getByText('Outcome recorded: Reached.').waitFor();
    await timeline.getByText('Callback: reached').waitFor();
    expect(await page.locator('[data-console="callback"]', { hasText: 'Léa Martin' }).count()).toBe(0);
    // Usable on a phone: nothing sticks out sideways.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-phone-callback-reached');
    await page.context().close();
  });

  it('shows supervisors the engagement and callback figures as charts and tables, and exports them as CSV', async () => {
    // A visitor on a 1,200 EUR product while an advisor is free: the demo rule shows its chat button.
    const advisor = await onlineAdvisor(h, 'chat@relais.demo');
    try {
      const visit = (
        await h.relais.http
          .post('/widget/v1/visits')
          .set('X-Site-Key', DEMO_SITE_KEY)
          .send({ url: `${h.relaisUrl}/demo/product/TV-OLED-55` })
          .expect(201)
      ).body;
      const decided = await h.relais.http
        .post(`/widget/v1/visits/${visit.visitId}/events`)
        .set('X-Site-Key', DEMO_SITE_KEY)
        .set('Authorization', `Bearer ${visit.visitToken}`)
        .send({ events: [{ type: 'product_view', sku: 'TV-OLED-55', name: 'OLED TV 55"', family: 'tv', price: 1200 }] })
        .expect(200);
      expect(decided.body.actions).toContainEqual(expect.objectContaining({ type: 'chat_button' }));
    } finally {
      advisor.socket.close();
    }

    const page = await h.newPage();
    await page.goto(`${h.relaisUrl}/console`);
    await logIn(page, 'supervisor@relais.demo');
    await page.getByRole('button', { name: 'Analytics' }).click();
    await page.getByRole('img', { name: 'Actions shown, accepted and converted, per rule' }).waitFor();
    await page.getByRole('img', { name: 'Callback outcomes' }).waitFor();
    const row = page.locator('[data-console="engagement"] tr', { hasText: 'Chat button: products over 300 EUR' });
    const shown = Number(await row.locator('td').first().textContent());
    expect(shown).toBeGreaterThanOrEqual(1);
    await page.getByText(/callbacks booked, .* kept within the promise/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-analytics');

    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^relais-engagement-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('rule,action_type,proactive,evaluated,matched,shown,accepted,declined,converted,acceptance_rate,conversion_rate,uplift');
    expect(csv.find((line) => line.startsWith('Chat button: products over 300 EUR,chat_button,false,'))?.split(',')[5]).toBe(String(shown));
    await page.context().close();
  });
});
