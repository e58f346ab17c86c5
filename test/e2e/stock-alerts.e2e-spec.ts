import { StockAlertsService } from '../../src/stock-alerts/stock-alerts.service';
import { TEST_SITE_KEY } from '../setup/test-database';
import { apiKeyWithScopes, startTestApp, TestApp, unique } from '../utils/test-app';

describe('stock alerts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ask = (sku: string, email: string, locale?: string) =>
    t.http
      .post('/widget/v1/stock-alerts')
      .set('X-Site-Key', TEST_SITE_KEY)
      .send({ sku, email, ...(locale && { locale }) });
  const restocked = (sku: string) => t.http.post(`/api/v1/stock/${encodeURIComponent(sku)}/restocked`).set('Authorization', t.apiAuth);
  const mailsTo = async (email: string) =>
    (
      await t.http
        .get(`/api/v1/outbox?to=${encodeURIComponent(email)}`)
        .set('Authorization', t.apiAuth)
        .expect(200)
    ).body.items as { kind: string; subject: string }[];
  const kinds = async (email: string) => (await mailsTo(email)).map((m) => m.kind).sort();

  it('records the consent, confirms by mail, and counts asking twice as one alert', async () => {
    const sku = `SKU-${unique()}`;
    const email = `Alert.${unique()}@Example.com`;
    const first = await ask(sku, email, 'fr-FR').expect(201);
    expect(first.body).toMatchObject({ sku, status: 'waiting', consentedAt: expect.any(String) });
    expect((await ask(sku, email).expect(201)).body.id).toBe(first.body.id);
    const mails = await mailsTo(email.toLowerCase());
    expect(mails).toEqual([expect.objectContaining({ kind: 'stock_alert_confirmation', subject: 'Alerte de disponibilité enregistrée' })]);
    const [row] = await t.dataSource.query(`SELECT consent_text, email FROM stock_alert WHERE id = $1`, [first.body.id]);
    expect(row).toEqual({ consent_text: expect.stringMatching(/back in stock/), email: email.toLowerCase() });
  });

  it('refuses bad input, a missing site key and an API key without the scope', async () => {
    expect((await ask('', 'a@example.com').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await ask('SKU-1', 'not-an-email').expect(400)).body.details[0].field).toBe('email');
    await t.http.post('/widget/v1/stock-alerts').send({ sku: 'SKU-1', email: 'a@example.com' }).expect(401);
    const readOnly = await apiKeyWithScopes(t, ['customers:read']);
    await t.http.post('/api/v1/stock/SKU-1/restocked').set('Authorization', readOnly).expect(403);
  });

  it('mails each waiting alert exactly once when restocked is called twice at the same time', async () => {
    const sku = `TV-${unique()}`;
    const other = `RADIO-${unique()}`;
    const emails = Array.from({ length: 6 }, () => `wait.${unique()}@example.com`);
    for (const email of emails) await ask(sku, email).expect(201);
    const bystander = `other.${unique()}@example.com`;
    await ask(other, bystander).expect(201);

    const [a, b] = await Promise.all([restocked(sku).expect(200), restocked(sku).expect(200)]);
    expect(a.body.notified + b.body.notified).toBe(6);
    for (const email of emails) expect(await kinds(email)).toEqual(['stock_alert', 'stock_alert_confirmation']);
    expect(await kinds(bystander)).toEqual(['stock_alert_confirmation']);

    // Once mailed, an alert is done: a later restock sends nothing; asking again makes a new alert.
    expect((await restocked(sku).expect(200)).body.notified).toBe(0);
    await ask(sku, emails[0]).expect(201);
    expect((await restocked(sku).expect(200)).body.notified).toBe(1);
    expect((await kinds(emails[0])).filter((k) => k === 'stock_alert')).toHaveLength(2);
  });

  it('finishes alerts a crash left claimed, without mailing twice those whose mail was already written', async () => {
    const sku = `LAMP-${unique()}`;
    const [written, notYet] = [`w.${unique()}@example.com`, `n.${unique()}@example.com`];
    await ask(sku, written).expect(201);
    await ask(sku, notYet).expect(201);
    // The state a kill halfway through a restock leaves: both claimed, one mail written, neither marked sent.
    const rows: { id: string; email: string }[] = await t.dataSource
      .query(`UPDATE stock_alert SET status = 'sending', claimed_at = now() - interval '10 minutes' WHERE sku = $1 RETURNING id, email`, [sku])
      .then(([r]: [{ id: string; email: string }[]]) => r);
    const writtenId = rows.find((r) => r.email === written)!.id;
    await t.dataSource.query(`INSERT INTO outbox_mail (dedupe_key, kind, to_address, subject, body_text, status) VALUES ($1, 'stock_alert', $2, 'back', 'back', 'stored')`, [
      `stock_alert:${writtenId}`,
      written,
    ]);
    expect((await restocked(sku).expect(200)).body.notified).toBe(0); // claimed rows are not another restock's

    expect(await t.app.get(StockAlertsService).finishStaleClaims(60_000)).toBe(2);
    expect(await kinds(written)).toEqual(['stock_alert', 'stock_alert_confirmation']);
    expect(await kinds(notYet)).toEqual(['stock_alert', 'stock_alert_confirmation']);
    const statuses = await t.dataSource.query(`SELECT status FROM stock_alert WHERE sku = $1`, [sku]);
    expect(statuses).toEqual([{ status: 'sent' }, { status: 'sent' }]);
  });
});
