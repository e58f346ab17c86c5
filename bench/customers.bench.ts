// Customer lookups at the till over 1,000,000 profiles: by phone (any format), e-mail and loyalty card, through the
// full app (API key auth, validation, audit trail), next to the health route as a baseline measured in the same run.
// Seeds PostgreSQL once in SQL; later runs reuse the rows. Run: npm run bench:customers [-- durationSecondsPerRoute]

import type { DataSource } from 'typeorm';
import { hashApiKey } from '../src/api-keys/api-key-secret';
import { buildSearchText, normalizePhone } from '../src/customers/identity/identity-normalizer';
import { LoadSpec, LoadSummary, failuresOf, openMigratedDatabase, prepareBenchEnv, printTable, runAlternating, runLoad, seededRandom, startApp } from './bench-utils';

const CUSTOMERS = 1_000_000;
const BATCH = 100_000;
const SAMPLES_PER_LOOKUP = 20_000;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const TARGET_P99_MS = 15;
const TARGET_SHARE_OF_HEALTH = 0.4;
const BENCH_API_KEY = 'rk_bench_customers_lookup_key';

// Customer n: a stable id (so identities can be inserted without reading ids back), an e-mail, a French mobile
// +336 00 00 00 01 .. +336 01 00 00 00 (all valid numbers) and a loyalty card. search_text is what buildSearchText
// writes for the same profile; checkSeedMatchesApp() compares them.
const SQL_ID = `md5('bench:' || n)::uuid`;
const SQL_DIGITS = `lpad(n::text, 8, '0')`;
const SQL_EMAIL = `'bench.' || n || '@example.com'`;

const SQL_PHONE = `'+336' || ${SQL_DIGITS}`;
const SQL_CARD = `'BENCH-' || n`;

// The identities column is the copy the triggers keep (oldest identity first); the seed writes it directly, as
// skipping triggers is what makes the seed fast, and spaces the identities' creation times to fix their order.
const INSERT_CUSTOMERS = `
  INSERT INTO customer (id, name, email, phone, locale, tags, search_text, identities)
  SELECT ${SQL_ID}, 'Bench Customer ' || n, ${SQL_EMAIL}, ${SQL_PHONE}, 'fr', '{bench}',
         'bench customer ' || n || ' ' || ${SQL_EMAIL} || ' 336' || ${SQL_DIGITS} || ' 06' || ${SQL_DIGITS},
         jsonb_build_array(jsonb_build_object('kind', 'email', 'value', ${SQL_EMAIL}), jsonb_build_object('kind', 'phone', 'value', ${SQL_PHONE}),
                           jsonb_build_object('kind', 'loyalty_card', 'value', ${SQL_CARD}))
  FROM generate_series($1::int, $2::int) AS n
  ON CONFLICT (id) DO NOTHING`;

const INSERT_IDENTITIES = `
  INSERT INTO customer_identity (customer_id, kind, value, created_at)
  SELECT ${SQL_ID}, k.kind, CASE k.kind WHEN 'email' THEN ${SQL_EMAIL} WHEN 'phone' THEN ${SQL_PHONE} ELSE ${SQL_CARD} END,
         now() + k.rank * interval '1 millisecond'
  FROM (VALUES ('email', 0), ('phone', 1), ('loyalty_card', 2)) AS k(kind, rank) CROSS JOIN generate_series($1::int, $2::int) AS n
  ON CONFLICT (kind, value) DO NOTHING`;

const digits8 = (n: number) => String(n).padStart(8, '0');
const pairs = (n: number) => digits8(n).match(/../g)!;

/** The ways a till or a CRM sends the same mobile number. */
const PHONE_FORMATS: ((n: number) => string)[] = [
  (n) => `06 ${pairs(n).join(' ')}`,
  (n) => `06${digits8(n)}`,
  (n) => `+336${digits8(n)}`,
  (n) => `+33 6 ${pairs(n).join(' ')}`,
  (n) => `0033 6${digits8(n)}`,
  (n) => `06.${pairs(n).join('.')}`,
];

async function countSeeded(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM customer WHERE tags @> '{bench}'`);
  return count;
}

/** Inserts the missing bench profiles, one transaction per batch so an interrupted seed resumes cleanly. */
async function seed(dataSource: DataSource): Promise<void> {
  const already = await countSeeded(dataSource);
  if (already === CUSTOMERS) {
    console.log(`Seed: ${CUSTOMERS.toLocaleString('en')} bench profiles already present.`);
  } else {
    console.log(`Seed: ${already.toLocaleString('en')} bench profiles present, inserting up to ${CUSTOMERS.toLocaleString('en')} with 3 identities each...`);
    const started = performance.now();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Losing the last batches in a crash is fine for bench data; waiting for each WAL flush is not.
      await runner.query('SET synchronous_commit = off');
      // The identities reference customers inserted a statement earlier, so the per-row foreign-key checks (most of
      // the identity insert time) prove nothing here. Only a superuser may skip them; others just wait longer.
      await runner.query('SET session_replication_role = replica').catch(() => undefined);
      for (let from = 1; from <= CUSTOMERS; from += BATCH) {
        const to = Math.min(from + BATCH - 1, CUSTOMERS);
        const batchStarted = performance.now();
        await runner.startTransaction();
        try {
          await runner.query(INSERT_CUSTOMERS, [from, to]);
          await runner.query(INSERT_IDENTITIES, [from, to]);
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
        console.log(`  ${to.toLocaleString('en').padStart(9)} / ${CUSTOMERS.toLocaleString('en')}  (${seconds(performance.now() - batchStarted)})`);
      }
    } finally {
      await runner.release();
    }
    console.log(`Seed: done in ${seconds(performance.now() - started)}.`);
  }
  // As autovacuum would, in time: statistics, and the visibility map that lets lookups skip the identity table.
  const started = performance.now();
  await dataSource.query('VACUUM ANALYZE customer, customer_identity');
  console.log(`VACUUM ANALYZE: ${seconds(performance.now() - started)}.`);
}

/** The SQL seed must store what the app itself would store, or the lookups measure something else. */
async function checkSeedMatchesApp(dataSource: DataSource): Promise<void> {
  const n = 123_456;
  const [row] = await dataSource.query(`SELECT name, search_text FROM customer WHERE id = md5('bench:' || $1::int)::uuid`, [n]);
  const identities = await dataSource.query(`SELECT kind, value FROM customer_identity WHERE customer_id = md5('bench:' || $1::int)::uuid ORDER BY kind`, [n]);
  const expected = buildSearchText(row.name, [
    { kind: 'email', value: `bench.${n}@example.com` },
    { kind: 'phone', value: normalizePhone(`+336${digits8(n)}`) },
  ]);
  if (row.search_text !== expected) throw new Error(`Seeded search_text "${row.search_text}" differs from the app's "${expected}"`);
  for (const format of PHONE_FORMATS) {
    if (normalizePhone(format(n)) !== `+336${digits8(n)}`) throw new Error(`"${format(n)}" does not normalise to the seeded phone`);
  }
  if (identities.length !== 3) throw new Error(`Bench customer ${n} has ${identities.length} identities, expected 3`);
  const [copy] = await dataSource.query(
    `SELECT c.identities = (SELECT jsonb_agg(jsonb_build_object('kind', i.kind, 'value', i.value) ORDER BY i.created_at, i.id) FROM customer_identity i WHERE i.customer_id = c.id) AS same
       FROM customer c WHERE c.id = md5('bench:' || $1::int)::uuid`,
    [n],
  );
  if (!copy.same) throw new Error(`Bench customer ${n}: the seeded identities column differs from what the triggers would keep`);
}

interface Sample {
  path: string;
  n: number;
}

/** Many distinct customers, picked the same way every run, so lookups hit the whole index rather than a few cached rows. */
function samples(seed: number, query: (n: number, i: number) => string): Sample[] {
  const random = seededRandom(seed);
  return Array.from({ length: SAMPLES_PER_LOOKUP }, (_, i) => {
    const n = 1 + Math.floor(random() * CUSTOMERS);
    return { n, path: `/api/v1/customers?${query(n, i)}` };
  });
}

/** A few requests before the load: each lookup must find exactly its customer, not just answer 200. */
async function checkLookups(baseUrl: string, headers: Record<string, string>, lookups: Record<string, Sample[]>): Promise<void> {
  for (const [title, list] of Object.entries(lookups)) {
    for (const { path, n } of list.slice(0, 6)) {
      const response = await fetch(baseUrl + path, { headers });
      const body = (await response.json()) as { items?: { email: string }[] };
      if (response.status !== 200 || body.items?.length !== 1 || body.items[0].email !== `bench.${n}@example.com`) {
        throw new Error(`${title}: GET ${path} answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

// Little's law: with every connection always waiting on one request, mean latency = connections / throughput.
const meanLatencyMs = (s: LoadSummary) => ((CONNECTIONS / s.requestsPerSecond) * 1000).toFixed(1);

function report(health: LoadSummary, lookups: LoadSummary[]): void {
  console.log();
  printTable(
    ['Route', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'non-2xx', 'vs health', `p99 < ${TARGET_P99_MS} ms`, `>= ${TARGET_SHARE_OF_HEALTH * 100}% health`],
    [health, ...lookups].map((s) => {
      const share = s.requestsPerSecond / health.requestsPerSecond;
      const isLookup = s !== health;
      return [
        s.title,
        Math.round(s.requestsPerSecond),
        meanLatencyMs(s),
        s.p50Ms,
        s.p99Ms,
        s.non2xx,
        `${Math.round(share * 100)}%`,
        isLookup ? verdict(s.p99Ms < TARGET_P99_MS) : '',
        isLookup ? verdict(share >= TARGET_SHARE_OF_HEALTH) : '',
      ];
    }),
  );
  const needed = Math.round((CONNECTIONS / TARGET_P99_MS) * 1000);
  console.log(`\nFigures over all rounds. mean ms = ${CONNECTIONS} connections / req/s. A p99 under ${TARGET_P99_MS} ms needs a mean well under it, so more than ${needed} req/s on a route.`);
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.argv[2] ?? 12);
  const { apiKey } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  try {
    await seed(dataSource);
    await checkSeedMatchesApp(dataSource);

    const { app, baseUrl } = await startApp();
    const headers = { authorization: `Bearer ${apiKey}` };
    const lookups = {
      'lookup by phone': samples(1, (n, i) => `phone=${encodeURIComponent(PHONE_FORMATS[i % PHONE_FORMATS.length](n))}`),
      'lookup by email': samples(2, (n, i) => `email=${encodeURIComponent(i % 2 ? `bench.${n}@example.com` : `Bench.${n}@Example.com`)}`),
      'lookup by identity': samples(3, (n) => `identity=${encodeURIComponent(`loyalty_card:BENCH-${n}`)}`),
    };
    const failures: LoadSummary[] = [];
    try {
      await checkLookups(baseUrl, headers, lookups);
      console.log(
        `\nLoad: ${CONNECTIONS} connections, ${durationSeconds} s per route in ${ROUNDS} rounds alternating the routes (${WARMUP_SECONDS} s warm-up in the first), ` +
          `${SAMPLES_PER_LOOKUP.toLocaleString('en')} distinct customers per lookup.`,
      );
      const common = (round: number): Omit<LoadSpec, 'title' | 'paths'> => ({
        baseUrl,
        connections: CONNECTIONS,
        durationSeconds: durationSeconds / ROUNDS,
        warmupSeconds: round === 0 ? WARMUP_SECONDS : 0,
      });
      const [health, ...results] = await runAlternating(
        [
          (round) => runLoad({ ...common(round), title: 'GET /health/live', paths: ['/health/live'], bodyMustInclude: '"status":"ok"' }),
          ...Object.entries(lookups).map(
            ([title, list]) =>
              (round: number) => runLoad({ ...common(round), title, headers, paths: list.map((s) => s.path), bodyMustInclude: '"email":"bench.' }),
          ),
        ],
        ROUNDS,
      );
      report(health, results);
      failures.push(...[health, ...results].filter((s) => failuresOf(s) > 0));
    } finally {
      await app.close();
    }
    // Audit rows written by the load would otherwise pile up run after run.
    await dataSource.query(`DELETE FROM profile_access WHERE actor_id IN (SELECT id FROM api_key WHERE key_hash = $1)`, [hashApiKey(apiKey)]);
    if (failures.length) {
      for (const s of failures) {
        console.error(`FAILED: ${s.title}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts, ${s.mismatches} unexpected bodies out of ${s.total}`);
      }
      process.exitCode = 1;
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
