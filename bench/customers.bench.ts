// The profile store through the full app (API key auth, validation, audit trail) over BENCH_CUSTOMERS profiles
// (1,000,000 by default; 10,000,000 for the scale figures): lookups at the till by phone (any format), e-mail and
// loyalty card, search by name prefix, a timeline of 200 interactions and a merge. Each next to the health route
// measured in the same run: lookups saturated (capacity per app-CPU-second), then every load at a fixed rate
// (p50/p99/p99.9, app and PostgreSQL CPU per request). Seeds PostgreSQL once in SQL; later runs reuse the rows.
// Run: npm run bench:customers [-- durationSecondsPerSaturatedRoute]; BENCH_RATE=500 lookups/s, BENCH_TIMELINE_RATE=100,
// BENCH_SEARCH_RATE=5, BENCH_MERGE_RATE=20 per second (0 skips that load), BENCH_RATE_SECONDS=15 per load and rate.

import type { DataSource } from 'typeorm';
import { hashApiKey } from '../src/api-keys/api-key-secret';
import {
  CAPACITY_HEADER,
  LoadSpec,
  capacityRow,
  describeFailures,
  failuresOf,
  openMigratedDatabase,
  prepareBenchEnv,
  printTable,
  runAlternating,
  runLoad,
  seededRandom,
  startApp,
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
import {
  CUSTOMERS,
  PHONE_FORMATS,
  TIMELINE_CUSTOMERS,
  TIMELINE_LENGTH,
  checkSeedMatchesApp,
  createMergePairs,
  customerIds,
  namesOf,
  printSizes,
  removeMergePairs,
  seedProfiles,
  seedTimelines,
} from './profile-store';

const SAMPLES_PER_LOOKUP = 20_000;
const SEARCH_SAMPLES = 2_000;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const ROUND_SECONDS_AT_RATE = 5;
const TARGET_RATE = 500;
const TARGET_P99_MS = 15;
const TARGET_APP_CPU_MS = 0.3;
const BENCH_API_KEY = 'rk_bench_customers_lookup_key';

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

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** A rate from the environment; 0 skips that load. */
const rateSetting = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const secondsPerRound = () => rateSetting('BENCH_RATE_SECONDS', ROUND_SECONDS_AT_RATE * ROUNDS) / ROUNDS;

/** The loads at one fixed rate next to health, taking turns; prints their table, with the lookup targets' verdicts if asked. */
async function atFixedRate(run: { baseUrl: string; appPid: number; pg: PgCpuMeter }, rate: number, loads: FixedRateLoad[], withTargets = false): Promise<FixedRateResult[]> {
  const rows = await compareAtFixedRate({ ...run, rate, secondsPerRound: secondsPerRound(), rounds: ROUNDS, loads: [HEALTH_LOAD, ...loads], warmupSeconds: WARMUP_SECONDS });
  console.log(`\nFixed rate ${rate}/s (open loop, latency from each request's due time): ${secondsPerRound() * ROUNDS} s per load, in ${ROUNDS} rounds alternating with health.`);
  const targets = (r: FixedRateResult) => [verdict(percentile(r.latenciesMs, 99) < TARGET_P99_MS), verdict(appCpuPerRequest(r) < TARGET_APP_CPU_MS)];
  printTable(
    withTargets ? [...FIXED_RATE_HEADER, `p99 < ${TARGET_P99_MS} ms`, `CPU < ${TARGET_APP_CPU_MS} ms`] : FIXED_RATE_HEADER,
    fixedRateRows(rows).map((row, i) => (withTargets && i > 0 ? [...row, ...targets(rows[i])] : row)),
  );
  return rows;
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.argv[2] ?? 12);
  const { apiKey } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  const failures: string[] = [];
  try {
    await seedProfiles(dataSource);
    await checkSeedMatchesApp(dataSource);
    await seedTimelines(dataSource);
    await printSizes(dataSource, printTable);

    const { baseUrl, pid, close } = await startApp();
    const headers = { authorization: `Bearer ${apiKey}` };
    const lookups = {
      'lookup by phone': samples(1, (n, i) => `phone=${encodeURIComponent(PHONE_FORMATS[i % PHONE_FORMATS.length](n))}`),
      'lookup by email': samples(2, (n, i) => `email=${encodeURIComponent(i % 2 ? `bench.${n}@example.com` : `Bench.${n}@Example.com`)}`),
      'lookup by identity': samples(3, (n) => `identity=${encodeURIComponent(`loyalty_card:BENCH-${n}`)}`),
    };
    try {
      await checkLookups(baseUrl, headers, lookups);
      console.log(
        `\n${CUSTOMERS.toLocaleString('en')} profiles. Saturated: ${CONNECTIONS} connections, ${durationSeconds} s per route in ${ROUNDS} rounds alternating the routes ` +
          `(${WARMUP_SECONDS} s warm-up first), ${SAMPLES_PER_LOOKUP.toLocaleString('en')} distinct customers per lookup.`,
      );
      const common = (round: number): Omit<LoadSpec, 'title' | 'paths'> => ({
        baseUrl,
        appPid: pid,
        connections: CONNECTIONS,
        durationSeconds: durationSeconds / ROUNDS,
        warmupSeconds: round === 0 ? WARMUP_SECONDS : 0,
      });
      const saturated = await runAlternating(
        [
          (round) => runLoad({ ...common(round), title: 'GET /health/live', paths: ['/health/live'], bodyMustInclude: '"status":"ok"' }),
          ...Object.entries(lookups).map(
            ([title, list]) =>
              (round: number) =>
                runLoad({ ...common(round), title, headers, paths: list.map((s) => s.path), bodyMustInclude: '"email":"bench.' }),
          ),
        ],
        ROUNDS,
      );
      printTable(CAPACITY_HEADER, saturated.map(capacityRow));
      failures.push(...saturated.filter((s) => failuresOf(s) > 0).map(describeFailures));

      const run = { baseUrl, appPid: pid, pg: new PgCpuMeter(dataSource, pid) };
      const get = (paths: string[]) => (i: number) => ({ path: paths[i % paths.length], headers });
      const lookupLoads = Object.entries(lookups).map(([title, list]): FixedRateLoad => ({ title, request: get(list.map((s) => s.path)), bodyMustInclude: '"email":"bench.' }));
      const rows = await atFixedRate(run, rateSetting('BENCH_RATE', TARGET_RATE), lookupLoads, true);

      const searches = await searchPaths(dataSource);
      const timelines = (
        await customerIds(
          dataSource,
          Array.from({ length: TIMELINE_CUSTOMERS }, (_, i) => i + 1),
        )
      ).map((id) => `/api/v1/customers/${id}/timeline`);
      const timeline = { title: `timeline (${TIMELINE_LENGTH} interactions, first page)`, request: get(timelines), bodyMustInclude: '"items":[{' };
      if (rateSetting('BENCH_TIMELINE_RATE', 100)) rows.push(...(await atFixedRate(run, rateSetting('BENCH_TIMELINE_RATE', 100), [timeline])));
      // The name search scans far more than a lookup: its own, lower rate, so that a backlog does not spill over.
      const search = { title: 'search: first name + surname prefix', request: get(searches), bodyMustInclude: '"items":[{' };
      if (rateSetting('BENCH_SEARCH_RATE', 5)) rows.push(...(await atFixedRate(run, rateSetting('BENCH_SEARCH_RATE', 5), [search])));

      const mergeRate = rateSetting('BENCH_MERGE_RATE', 20);
      if (mergeRate) rows.push(...(await atFixedRate(run, mergeRate, [await mergeLoad(dataSource, headers, mergeRate)])));
      failures.push(...rows.filter((r) => r.errors > 0).map(describeFixedRateErrors));
    } finally {
      await close();
    }
    await removeMergePairs(dataSource);
    // Audit rows written by the load would otherwise pile up run after run.
    await dataSource.query(`DELETE FROM profile_access WHERE actor_id IN (SELECT id FROM api_key WHERE key_hash = $1)`, [hashApiKey(apiKey)]);
    for (const failure of failures) console.error(`FAILED: ${failure}`);
    if (failures.length) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

/** Merges of fresh pairs, one pair per request, enough for the warm-up and the rounds at `rate`. */
async function mergeLoad(dataSource: DataSource, headers: Record<string, string>, rate: number): Promise<FixedRateLoad> {
  const pairs = await createMergePairs(dataSource, Math.ceil(rate * (WARMUP_SECONDS + secondsPerRound() * ROUNDS)));
  return {
    title: 'merge (source: 2 identities, 5 interactions)',
    request: (i) => ({ method: 'POST', path: `/api/v1/customers/${pairs[i].targetId}/merge`, headers, body: JSON.stringify({ sourceId: pairs[i].sourceId }) }),
    bodyMustInclude: '"mergeId"',
  };
}

/** A till's name search: a first name and the surname but its last letter, for customers picked the same way every run. */
async function searchPaths(dataSource: DataSource): Promise<string[]> {
  const random = seededRandom(4);
  const names = await namesOf(
    dataSource,
    Array.from({ length: SEARCH_SAMPLES }, () => 1 + Math.floor(random() * CUSTOMERS)),
  );
  return [...names.values()].map((name) => `/api/v1/customers?q=${encodeURIComponent(name.slice(0, -1))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
