// Tracking events through the full app with 200 enabled targeting rules: 1,000 visits send event batches
// (visit token auth, validation, row lock, raw events, context, decision, recorded actions), next to
// GET /health/live measured in the same run as the baseline: first saturated (capacity, per app-CPU-second), then
// at fixed rates (p50/p99/p99.9 and CPU per batch). PostgreSQL (and Redis when REDIS_URL is set); refuses a database
// whose name lacks "test". Run: npm run bench:targeting; BENCH_SECONDS=12 per saturated route, BENCH_RATES=200,400,800,
// BENCH_RATE_SECONDS=15 per route and rate. The decision micro-benchmark runs right after it in the same npm script.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import {
  AutocannonOptions,
  CAPACITY_HEADER,
  LoadSummary,
  RawRun,
  capacityRow,
  describeFailures,
  failuresOf,
  inWorker,
  openMigratedDatabase,
  prepareBenchEnv,
  printTable,
  runAlternating,
  runLoad,
  seededRandom,
  startApp,
  summarize,
  withAppCpu,
} from './bench-utils';
import {
  FIXED_RATE_HEADER,
  FixedRateLoad,
  FixedRateResult,
  HEALTH_LOAD,
  PgCpuMeter,
  appCpuPerRequest,
  compareAtFixedRate,
  describeFixedRateErrors,
  fixedRateRows,
  percentile,
} from './fixed-rate';
import { buildBenchRules } from './targeting-decision.bench';

const VISITS = 1_000;
const RULES = 200;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const ROUND_SECONDS_AT_RATE = 5;
const TARGET_RATE = 400;
const TARGET_P99_MS = 25;
const TARGET_APP_CPU_MS = 0.5;
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
  appPid: number;
}

const EVENTS_TITLE = `POST events (3 per batch, ${RULES} rules)`;

/** The i-th event batch: to the next visit in turn, with its own token. */
function eventRequest(visits: BenchVisit[], i: number) {
  const visit = visits[i % visits.length];
  return {
    method: 'POST' as const,
    path: `/widget/v1/visits/${visit.id}/events`,
    headers: { 'content-type': 'application/json', 'x-site-key': BENCH_SITE_KEY, authorization: `Bearer ${visit.token}` },
    body: JSON.stringify({ events: batchFor(i) }),
  };
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
        setupRequest: (request) => ({ ...request, ...eventRequest(spec.visits, next++) }),
      },
    ],
    verifyBody: (body: string) => body.includes('"actions":['),
  };
  return summarize(EVENTS_TITLE, [await autocannon(options)]);
}

function runEventLoad(spec: EventLoadSpec): Promise<LoadSummary> {
  return withAppCpu(spec, (s) => inWorker(__filename, 'eventLoad', s));
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
  if (!advisor)
    await post(baseUrl, '/api/v1/advisors', api, { email: BENCH_ADVISOR, name: 'Bench chat', password: 'bench-password-123', roles: ['chat_advisor'], maxConcurrentChats: 50 });
  // One advisor online, so chat rules show chats rather than their fallbacks.
  await dataSource.query(`UPDATE advisor SET presence = 'online', presence_changed_at = now() WHERE email = $1`, [BENCH_ADVISOR]);

  const visits: BenchVisit[] = [];
  for (let start = 0; start < VISITS; start += 50) {
    const created = await Promise.all(
      Array.from({ length: Math.min(50, VISITS - start) }, (_, k) =>
        post(
          baseUrl,
          '/widget/v1/visits',
          { 'x-site-key': BENCH_SITE_KEY, 'x-forwarded-for': FRENCH_IP, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
          {
            url: `https://shop.example/fr/?utm_source=bench&visit=${start + k}`,
            referrer: 'https://www.google.fr/search?q=tv+oled',
          },
        ),
      ),
    );
    visits.push(...created.map((v) => ({ id: v.visitId as string, token: v.visitToken as string })));
  }
  return visits;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const rates = () => (process.env.BENCH_RATES || `200,${TARGET_RATE},800`).split(',').map(Number);

/** Event batches and health at each fixed rate, taking turns; prints one table and returns its rows. */
async function atFixedRates(baseUrl: string, appPid: number, pg: PgCpuMeter, visits: BenchVisit[]): Promise<FixedRateResult[]> {
  const secondsPerRound = (Number(process.env.BENCH_RATE_SECONDS) || ROUND_SECONDS_AT_RATE * ROUNDS) / ROUNDS;
  const events: FixedRateLoad = { title: EVENTS_TITLE, request: (i) => eventRequest(visits, i), bodyMustInclude: '"actions":[' };
  const rows: FixedRateResult[] = [];
  for (const [n, rate] of rates().entries()) {
    rows.push(
      ...(await compareAtFixedRate({ baseUrl, appPid, pg, rate, secondsPerRound, rounds: ROUNDS, loads: [HEALTH_LOAD, events], warmupSeconds: n === 0 ? WARMUP_SECONDS : 0 })),
    );
  }
  console.log(`\nFixed rate (open loop, latency from each request's due time): ${secondsPerRound * ROUNDS} s per load and rate, in ${ROUNDS} rounds alternating with health.`);
  printTable(FIXED_RATE_HEADER, fixedRateRows(rows));
  return rows;
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.env.BENCH_SECONDS) || 12;
  process.env.RELAIS_SITE_KEY = BENCH_SITE_KEY;
  const { apiKey, databaseUrl } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  const failures: string[] = [];
  try {
    await cleanUp(dataSource);
    const { baseUrl, pid, close } = await startApp();
    try {
      const visits = await setUp(baseUrl, apiKey, dataSource);
      console.log(
        `\nDatabase ${new URL(databaseUrl).pathname.slice(1)}, jobs ${process.env.REDIS_URL ? 'on Redis' : 'in-process'}; ${RULES} enabled rules, ${visits.length} visits; ` +
          `each event request goes to the next visit in turn.\nSaturated: ${CONNECTIONS} connections, ${durationSeconds} s per route in ${ROUNDS} rounds alternating the routes ` +
          `(${WARMUP_SECONDS} s warm-up first). Figures over all rounds.`,
      );
      const common = (round: number) => ({
        baseUrl,
        appPid: pid,
        connections: CONNECTIONS,
        durationSeconds: durationSeconds / ROUNDS,
        warmupSeconds: round === 0 ? WARMUP_SECONDS : 0,
      });
      const saturated = await runAlternating(
        [
          (round) => runLoad({ ...common(round), title: 'GET /health/live', paths: ['/health/live'], bodyMustInclude: '"status":"ok"' }),
          (round) => runEventLoad({ ...common(round), visits }),
        ],
        ROUNDS,
      );
      printTable(CAPACITY_HEADER, saturated.map(capacityRow));
      failures.push(...saturated.filter((s) => failuresOf(s) > 0).map(describeFailures));

      const pg = new PgCpuMeter(dataSource, pid);
      const atRates = await atFixedRates(baseUrl, pid, pg, visits);
      failures.push(...atRates.filter((r) => r.errors > 0).map(describeFixedRateErrors));
      const target = atRates.find((r) => r.title === EVENTS_TITLE && r.rate === TARGET_RATE);
      if (target) {
        const p99 = percentile(target.latenciesMs, 99);
        const cpu = appCpuPerRequest(target);
        console.log(
          `\nTarget at ${TARGET_RATE} batches/s: p99 ${p99.toFixed(1)} ms < ${TARGET_P99_MS} ms ${verdict(p99 < TARGET_P99_MS)}; app CPU ${cpu.toFixed(3)} ms/batch < ${TARGET_APP_CPU_MS} ms ${verdict(cpu < TARGET_APP_CPU_MS)}.`,
        );
      }
      const [stored] = await dataSource.query(
        `SELECT (SELECT count(*)::int FROM visit_event e JOIN visit v ON v.id = e.visit_id JOIN site s ON s.id = v.site_id WHERE s.site_key = $1) AS events,
                (SELECT count(*)::int FROM targeting_action a JOIN site s ON s.id = a.site_id WHERE s.site_key = $1 AND NOT a.control) AS shown`,
        [BENCH_SITE_KEY],
      );
      console.log(`Stored: ${stored.events} raw events, ${stored.shown} actions shown.`);
    } finally {
      await close();
    }
    await cleanUp(dataSource);
  } finally {
    await dataSource.destroy();
  }
  for (const failure of failures) console.error(`FAILED: ${failure}`);
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
