import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitUntil } from '../utils/http-receiver';
import { unique } from '../utils/test-app';

// A real Relais process on PostgreSQL + Redis, killed without warning and started again: what was due while it was
// down is done once after the restart, never twice. Needs both servers, so it runs in the PostgreSQL + Redis pass.
const real = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;
const root = join(__dirname, '../..');

real('kill and restart (real process, PostgreSQL + Redis)', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  let relais: ChildProcess | undefined;

  const start = () => {
    const env = { ...process.env, PORT: String(port), RELAIS_DEMO: 'false', RELAIS_RUN_JOBS: 'true', LOG_LEVEL: 'warn' };
    relais = spawn(process.execPath, [join(root, 'dist/src/main.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  };
  const kill = async () => {
    const child = relais!;
    relais = undefined;
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const mailsFor = async (followUpId: string) => (await db.query(`SELECT id FROM outbox_mail WHERE dedupe_key = $1`, [`cart_follow_up:${followUpId}`])).rows;
  const statusOf = async (followUpId: string) => {
    if (relais && relais.exitCode !== null) throw new Error(`Relais exited with code ${relais.exitCode}`);
    return (await db.query(`SELECT status FROM cart_follow_up WHERE id = $1`, [followUpId])).rows[0]?.status;
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'inherit' });
    await db.connect();
  }, 600_000);
  afterAll(async () => {
    await kill();
    await db.end();
  });

  /** A consenting customer's cart abandoned yesterday whose e-mail fell due a minute ago. */
  const dueFollowUp = async (email: string) => {
    const consents = { marketingEmail: { granted: true, at: new Date().toISOString(), source: 'test' } };
    const customer = (await db.query(`INSERT INTO customer (email, locale, consents) VALUES ($1, 'en', $2) RETURNING id`, [email, consents])).rows[0].id;
    const inserted = await db.query(
      `INSERT INTO cart_follow_up (site_id, visit_id, visitor_id, customer_id, cart, cart_value, abandoned_at, due_at, expires_at, mode, status)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'visitor', $1, $2, 70, now() - interval '1 day', now() - interval '1 minute', now() + interval '7 days', 'automatic', 'scheduled')
       RETURNING id`,
      [customer, JSON.stringify([{ sku: 'MUG-1', price: 70, quantity: 1 }])],
    );
    return inserted.rows[0].id as string;
  };

  it('sends what fell due while the process was down once after restart, and a kill between the mail and its record sends nothing twice', async () => {
    const first = await dueFollowUp(`restart.a.${unique()}@example.com`);
    start();
    await waitUntil(async () => (await statusOf(first)) === 'sent', 240_000);
    expect(await mailsFor(first)).toHaveLength(1);
    await kill();

    // While down: one more falls due, and one is left as a kill between writing its mail and recording it leaves it.
    const second = await dueFollowUp(`restart.b.${unique()}@example.com`);
    const interrupted = await dueFollowUp(`restart.c.${unique()}@example.com`);
    await db.query(`INSERT INTO outbox_mail (dedupe_key, kind, to_address, subject, body_text, status) VALUES ($1, 'cart_follow_up', 'x@example.com', 's', 't', 'stored')`, [
      `cart_follow_up:${interrupted}`,
    ]);

    start();
    await waitUntil(async () => (await statusOf(second)) === 'sent' && (await statusOf(interrupted)) === 'sent', 240_000);
    for (const id of [first, second, interrupted]) expect(await mailsFor(id)).toHaveLength(1);
  }, 600_000);
});
