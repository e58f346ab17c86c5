// Tracking events through the full app with 200 enabled targeting rules: 1,000 visits send event batches
// concurrently (visit token auth, validation, row lock, raw events, context, decision, recorded actions),
// next to GET /health/live measured in the same run as the baseline. PostgreSQL (and Redis when REDIS_URL is
// set); refuses a database whose name lacks "test". Run: npm run bench:targeting (BENCH_SECONDS=12 per route).
// The decision micro-benchmark (pure evaluation of 200 rules) runs right after it in the same npm script.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { AutocannonOptions, LoadSummary, RawRun, failuresOf, inWorker, openMigratedDatabase, prepareBenchEnv, printTable, runAlternating, runLoad, seededRandom, startApp, summarize } from './bench-utils';
import { buildBenchRules } from './targeting-decision.bench';

const VISITS = 1_000;
const RULES = 200;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const TARGET_P99_MS = 25;
const TARGET_SHARE_OF_HEALTH = 0.3;
const BENCH_API_KEY = 'rk_bench_targeting_events_key';
const BENCH_SITE_KEY = 'bench-targeting-site-key';
const BENCH_ADVISOR = 'bench.targeting.chat@relais.bench';
const RULE_PREFIX = 'bench:';
const FRENCH_IP = '90.84.0.1';
const FAMILIES = ['tv', 'hifi', 'phone', 'laptop', 'fridge', 'washer', 'oven', 'camera', 'console', 'tablet'];

interface BenchVisit {
  id: string;
  token: string;
}

interface EventLoadSpec {
  baseUrl: string;
  visits: BenchVisit[];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** A realistic batch for the i-th request: a product page, its product, then a cart change or an idle report. */
function batchFor(i: number): unknown[] {
  const random = seededRandom(i + 1);
  const family = FAMILIES[Math.floor(random() * FAMILIES.length)];
  const product = Math.floor(random() * 500);
  const price = 50 + Math.floor(random() * 2000);
  const sku = `${family}-${product}`;
  return [
    { type: 'page_view', url: `https://shop.example/fr/${family}/${sku}?ref=list`, pageType: 'product' },
    { type: 'product_view', sku, family, price },
    i % 3 === 0 ? { type: 'cart_update', items: [{ sku, family, price, quantity: 1 }] } : { type: 'idle', seconds: 5 + (i % 60) },
  ];
}

/** In a worker thread, like bench-utils' loads: POSTs event batches, each request to the next visit with its own token. */
async function loadEventsInWorker(spec: EventLoadSpec): Promise<LoadSummary> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (options: AutocannonOptions) => Promise<RawRun>;
  let next = 0;
  const options: AutocannonOptions = {
    url: spec.baseUrl,
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(spec.warmupSeconds && { warmup: { connections: spec.connections, duration: spec.warmupSeconds } }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = next++;
          const visit = spec.visits[i % spec.visits.length];
          return {
            ...request,
            method: 'POST',
            path: `/widget/v1/visits/${visit.id}/events`,
            headers: { 'content-type': 'application/json', 'x-site-key': BENCH_SITE_KEY, authorization: `Bearer ${visit.token}` },
            body: JSON.stringify({ events: batchFor(i) }),
          };
        },
      },
    ],
    verifyBody: (body: string) => body.includes('"actions":['),
  };
  return summarize(`POST events (3 per batch, ${RULES} rules)`, [await autocannon(options)]);
}

function runEventLoad(spec: EventLoadSpec): Promise<LoadSummary> {
  return inWorker(__filename, 'eventLoad', spec);
}

async function post(baseUrl: string, path: string, headers: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Removes what earlier runs left: bench rules, visits of the bench site (events cascade), their actions and counters. */
async function cleanUp(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DELETE FROM targeting_counter WHERE rule_id IN (SELECT id FROM targeting_rule WHERE name LIKE $1)`, [`${RULE_PREFIX}%`]);
  await dataSource.query(`DELETE FROM targeting_action WHERE rule_id IN (SELECT id FROM targeting_rule WHERE name LIKE $1)`, [`${RULE_PREFIX}%`]);
  await dataSource.query(`DELETE FROM targeting_rule WHERE name LIKE $1`, [`${RULE_PREFIX}%`]);
  await dataSource.query(`DELETE FROM visit WHERE site_id IN (SELECT id FROM site WHERE site_key = $1)`, [BENCH_SITE_KEY]);
  await dataSource.query(`UPDATE advisor SET presence = 'offline' WHERE email = $1`, [BENCH_ADVISOR]);
}

async function setUp(baseUrl: string, apiKey: string, dataSource: DataSource): Promise<BenchVisit[]> {
  const api = { authorization: `Bearer ${apiKey}` };
  for (const rule of buildBenchRules(RULES)) {
    const payload: Record<string, unknown> = { ...rule, name: `${RULE_PREFIX}${rule.name}` };
    delete payload.id; // the API payload carries no id
    await post(baseUrl, '/api/v1/targeting-rules', api, payload);
  }
  const [advisor] = await dataSource.query(`SELECT id FROM advisor WHERE email = $1`, [BENCH_ADVISOR]);
  if (!advisor) await post(baseUrl, '/api/v1/advisors', api, { email: BENCH_ADVISOR, name: 'Bench chat', password: 'bench-password-123', roles: ['chat_advisor'], maxConcurrentChats: 50 });
  // One advisor online, so chat rules show chats rather than their fallbacks.
  await dataSource.query(`UPDATE advisor SET presence = 'online', presence_changed_at = now() WHERE email = $1`, [BENCH_ADVISOR]);

  const visits: BenchVisit[] = [];
  for (let start = 0; start < VISITS; start += 50) {
    const created = await Promise.all(
      Array.from({ length: Math.min(50, VISITS - start) }, (_, k) =>
        post(baseUrl, '/widget/v1/visits', { 'x-site-key': BENCH_SITE_KEY, 'x-forwarded-for': FRENCH_IP, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' }, {
          url: `https://shop.example/fr/?utm_source=bench&visit=${start + k}`,
          referrer: 'https://www.google.fr/search?q=tv+oled',
        }),
      ),
    );
    visits.push(...created.map((v) => ({ id: v.visitId as string, token: v.visitToken as string })));
  }
  return visits;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function main(): Promise<void> {
  const durationSeconds = Number(process.env.BENCH_SECONDS) || 12;
  process.env.RELAIS_SITE_KEY = BENCH_SITE_KEY;
  const { apiKey, databaseUrl } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  const failures: LoadSummary[] = [];
  try {
    await cleanUp(dataSource);
    const { app, baseUrl } = await startApp();
    try {
      const visits = await setUp(baseUrl, apiKey, dataSource);
      console.log(
        `\nDatabase ${new URL(databaseUrl).pathname.slice(1)}, jobs ${process.env.REDIS_URL ? 'on Redis' : 'in-process'}; ${RULES} enabled rules, ${visits.length} visits.` +
          `\nLoad: ${CONNECTIONS} connections, ${durationSeconds} s per route in ${ROUNDS} rounds alternating the routes (${WARMUP_SECONDS} s warm-up in the first); ` +
          `each event request goes to the next visit in turn. Figures over all rounds.`,
      );
      const common = (round: number) => ({ baseUrl, connections: CONNECTIONS, durationSeconds: durationSeconds / ROUNDS, warmupSeconds: round === 0 ? WARMUP_SECONDS : 0 });
      const [health, events] = await runAlternating(
        [
          (round) => runLoad({ ...common(round), title: 'GET /health/live', paths: ['/health/live'], bodyMustInclude: '"status":"ok"' }),
          (round) => runEventLoad({ ...common(round), visits }),
        ],
        ROUNDS,
      );
      const share = events.requestsPerSecond / health.requestsPerSecond;
      console.log();
      printTable(
        ['Route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs health', `p99 < ${TARGET_P99_MS} ms`, `>= ${TARGET_SHARE_OF_HEALTH * 100}% health`],
        [
          [health.title, Math.round(health.requestsPerSecond), health.p50Ms, health.p99Ms, health.non2xx, '100%', '', ''],
          [events.title, Math.round(events.requestsPerSecond), events.p50Ms, events.p99Ms, events.non2xx, `${Math.round(share * 100)}%`, verdict(events.p99Ms < TARGET_P99_MS), verdict(share >= TARGET_SHARE_OF_HEALTH)],
        ],
      );
      const [stored] = await dataSource.query(
        `SELECT (SELECT count(*)::int FROM visit_event e JOIN visit v ON v.id = e.visit_id JOIN site s ON s.id = v.site_id WHERE s.site_key = $1) AS events,
                (SELECT count(*)::int FROM targeting_action a JOIN site s ON s.id = a.site_id WHERE s.site_key = $1 AND NOT a.control) AS shown`,
        [BENCH_SITE_KEY],
      );
      console.log(`\nStored: ${stored.events} raw events, ${stored.shown} actions shown. Batch throughput ratio to health: ${share.toFixed(2)}.`);
      failures.push(...[health, events].filter((s) => failuresOf(s) > 0));
    } finally {
      await app.close();
    }
    await cleanUp(dataSource);
  } finally {
    await dataSource.destroy();
  }
  for (const s of failures) {
    console.error(`FAILED: ${s.title}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts, ${s.mismatches} unexpected bodies out of ${s.total}`);
  }
  if (failures.length) process.exitCode = 1;
}

if (!isMainThread && (workerData as { eventLoad?: EventLoadSpec } | null)?.eventLoad) {
  loadEventsInWorker((workerData as { eventLoad: EventLoadSpec }).eventLoad).then(
    (summary) => parentPort!.postMessage(summary),
    (error: unknown) => {
      throw error;
    },
  );
} else if (isMainThread && require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
