// Shared pieces of the HTTP benchmarks: environment, database, the app in its own process on a free port, saturating
// load runs (capacity) and the result table. The app runs in a child process so that its CPU time is its own; the
// saturating load generator also runs in a worker thread, off the event loop of the benchmark's fixed-rate loads.

import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type * as AppConfigModule from '../src/config/app-config';
import type * as DataSourceModule from '../src/database/data-source';
import { processCpuMs, waitUntilIdle } from './fixed-rate';

// autocannon ships no type definitions; this is the part of its API the benchmarks use.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  warmup?: { connections: number; duration: number };
  requests?: AutocannonRequest[];
  verifyBody?: (body: string) => boolean;
}
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}
/** One run as autocannon returns it off the main thread: histograms still encoded, so runs merge exactly. */
export type RawRun = { duration: number } & Record<string, unknown>;
type Autocannon = ((options: AutocannonOptions) => Promise<RawRun>) & {
  aggregateResult(raw: RawRun[], options: { url: string }): AutocannonResult;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

/** The app is loaded on first use: load workers run this file too and need none of it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireApp = <T>(path: string): T => require(path) as T;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Fills in what the app needs to boot against PostgreSQL for a benchmark, keeping anything already set.
 * Refuses a database whose name lacks "test": benchmarks write a lot of rows.
 */
export function prepareBenchEnv(options: { apiKey: string }): { databaseUrl: string; apiKey: string } {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!databaseName.includes('test')) {
    throw new Error(`Refusing to benchmark against database "${databaseName}": its name must contain "test"`);
  }
  process.env.DATABASE_URL = databaseUrl;
  process.env.JWT_SECRET ||= randomBytes(36).toString('base64url');
  process.env.RELAIS_API_KEY = options.apiKey;
  process.env.RELAIS_DEMO = 'false';
  // Request logs would measure the terminal, not the app.
  process.env.LOG_LEVEL ||= 'silent';
  console.log(`CPU yardstick: ${cpuYardstickMs().toFixed(1)} ms of CPU for a fixed piece of work (JSON, hashing); CPU per request scales with it.`);
  return { databaseUrl, apiKey: options.apiKey };
}

/**
 * CPU milliseconds (best of 5) for a fixed piece of JavaScript work. Shared cores run slower when their neighbours
 * are busy (caches, hyper-threads); comparing the CPU figures of two runs only holds once scaled by this.
 */
export function cpuYardstickMs(): number {
  const document = { items: Array.from({ length: 50 }, (_, i) => ({ sku: `sku-${i}`, price: i * 3.5, tags: ['a', 'b', 'c'] })) };
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < 2_000; i++)
      createHash('sha256')
        .update(JSON.stringify(JSON.parse(JSON.stringify(document))))
        .digest('hex');
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** A DataSource on the configured database with every migration applied (the e2e suite may have dropped the schema). */
export async function openMigratedDatabase(): Promise<DataSource> {
  const { loadConfig } = requireApp<typeof AppConfigModule>('../src/config/app-config');
  const { createDataSource } = requireApp<typeof DataSourceModule>('../src/database/data-source');
  const dataSource = await createDataSource(loadConfig());
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) console.log(`Applied ${applied.length} migration(s).`);
  return dataSource;
}

export interface RunningApp {
  baseUrl: string;
  /** The app's process, whose CPU time the benchmarks read. */
  pid: number;
  close(): Promise<void>;
}

/** The production app, logs off, in a child process listening on a free local port. BENCH_APP_ARGS adds node flags (e.g. --cpu-prof). */
export async function startApp(): Promise<RunningApp> {
  const execArgv = [...process.execArgv, ...(process.env.BENCH_APP_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = fork(join(__dirname, 'app-process.js'), [], { execArgv });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`The app exited with code ${code} before it listened`)));
  });
  await waitUntilIdle(child.pid!);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

export interface LoadSpec {
  title: string;
  baseUrl: string;
  /** Paths requested in turn (query strings already encoded); many distinct ones defeat caches. */
  paths: string[];
  headers?: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
  warmupSeconds?: number;
  /** Every response body must contain this text; others count as mismatches. */
  bodyMustInclude?: string;
  /** JSON bodies sent in turn with POST (GET without them). */
  bodies?: string[];
  /** The app's process: its CPU time over the measure (not the warm-up) is recorded. */
  appPid?: number;
}

export interface LoadSummary {
  title: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** The runs summarised, kept to merge with other runs of the same load. */
  runs: RawRun[];
  /** The app's CPU time over the runs, when its process was given. */
  appCpuMs?: number;
}

/** Summarises runs of one load: latency percentiles over all their requests, requests per second over all their time. */
export function summarize(title: string, runs: RawRun[]): LoadSummary {
  // aggregateResult checks its options as if it were to run a load: a url is all it needs.
  const result = autocannon.aggregateResult(runs, { url: 'http://merged.invalid' });
  // The per-second request histogram does not survive aggregation here; completed requests over time is the same mean.
  const seconds = runs.reduce((total, run) => total + run.duration, 0);
  return {
    title,
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches ?? 0,
    runs,
  };
}

/**
 * Runs a load in a worker thread of `file`, which starts it when its workerData holds `key`: autocannon's
 * options hold functions, which cannot cross threads, so the worker builds them from `spec`.
 */
export function inWorker<Spec>(file: string, key: string, spec: Spec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { [key]: spec } });
    let summary: LoadSummary | undefined;
    worker.once('message', (message: LoadSummary) => (summary = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (summary ? resolve(summary) : reject(new Error(`load worker exited with code ${code}`))));
  });
}

/** Runs autocannon against `paths` in a worker thread and summarises it. */
export function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  return withAppCpu(spec, (s) => inWorker(__filename, 'loadSpec', s));
}

/** Runs the warm-up on its own, then the load, and records the app's CPU time over the load alone. */
export async function withAppCpu<S extends { appPid?: number; durationSeconds?: number; warmupSeconds?: number }>(
  spec: S,
  run: (spec: S) => Promise<LoadSummary>,
): Promise<LoadSummary> {
  if (spec.warmupSeconds) await run({ ...spec, durationSeconds: spec.warmupSeconds, warmupSeconds: 0 });
  if (spec.appPid) await waitUntilIdle(spec.appPid);
  const before = spec.appPid ? processCpuMs(spec.appPid) : 0;
  const summary = await run({ ...spec, warmupSeconds: 0 });
  return spec.appPid ? { ...summary, appCpuMs: processCpuMs(spec.appPid) - before } : summary;
}

async function loadInWorker(spec: LoadSpec): Promise<LoadSummary> {
  let next = 0;
  const connections = spec.connections ?? 50;
  const needle = spec.bodyMustInclude;
  const options: AutocannonOptions = {
    url: spec.baseUrl,
    connections,
    duration: spec.durationSeconds ?? 10,
    warmup: spec.warmupSeconds ? { connections, duration: spec.warmupSeconds } : undefined,
    headers: spec.bodies ? { ...spec.headers, 'content-type': 'application/json' } : spec.headers,
    requests: [
      {
        method: spec.bodies ? 'POST' : 'GET',
        setupRequest: (request) => {
          const n = next++;
          return { ...request, path: spec.paths[n % spec.paths.length], ...(spec.bodies && { body: spec.bodies[n % spec.bodies.length] }) };
        },
      },
    ],
    ...(needle !== undefined && { verifyBody: (body: string) => body.includes(needle) }),
  };
  // Outside the main thread autocannon assumes it is one of its own workers and leaves the histograms encoded.
  return summarize(spec.title, [await autocannon(options)]);
}

/**
 * Runs the loads one after the other, `rounds` times over, and merges the runs of each load. This machine's
 * speed drifts within a minute, so alternating the baseline with the routes compared to it keeps each ratio
 * between neighbours. A load is given its round (0 first), e.g. to warm up only once.
 */
export async function runAlternating<T = LoadSummary>(loads: ((round: number) => Promise<T>)[], rounds: number, merge: (runs: T[]) => T = mergeLoadRuns as never): Promise<T[]> {
  const runs: T[][] = loads.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, load] of loads.entries()) runs[i].push(await load(round));
  }
  return runs.map(merge);
}

function mergeLoadRuns(summaries: LoadSummary[]): LoadSummary {
  const merged = summarize(
    summaries[0].title,
    summaries.flatMap((s) => s.runs),
  );
  return summaries.every((s) => s.appCpuMs !== undefined) ? { ...merged, appCpuMs: summaries.reduce((sum, s) => sum + s.appCpuMs!, 0) } : merged;
}

/** Capacity from a saturating run: requests served per second of the app's CPU, and its CPU per request. */
export function capacityRow(s: LoadSummary): (string | number)[] {
  const cpuSeconds = (s.appCpuMs ?? NaN) / 1000;
  return [s.title, Math.round(s.requestsPerSecond), s.p50Ms, s.p99Ms, failuresOf(s), Math.round(s.total / cpuSeconds), ((cpuSeconds * 1000) / s.total).toFixed(3)];
}
export const CAPACITY_HEADER = ['saturated (capacity)', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'req per app-CPU-s', 'app CPU ms/req'];

/** Whether a run had any failed, non-2xx or unexpected response. */
export const failuresOf = (s: LoadSummary): number => s.non2xx + s.errors + s.timeouts + s.mismatches;
export const describeFailures = (s: LoadSummary): string =>
  `${s.title}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts, ${s.mismatches} unexpected bodies out of ${s.total}`;

/** Prints rows under a header, columns padded; numbers right-aligned. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Deterministic pseudo-random numbers in [0, 1), so every run requests the same sequence. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

if (!isMainThread && (workerData as { loadSpec?: LoadSpec } | null)?.loadSpec) {
  loadInWorker((workerData as { loadSpec: LoadSpec }).loadSpec).then(
    (summary) => parentPort!.postMessage(summary),
    (error: unknown) => {
      throw error;
    },
  );
}
