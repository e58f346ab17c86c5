// Shared pieces of the HTTP benchmarks: environment, database, the app on a free port, load runs and the result table.
// The load generator runs in a worker thread so that it does not share an event loop with the app it measures.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import type * as AppConfigModule from '../src/config/app-config';
import type * as CreateAppModule from '../src/create-app';
import type * as DataSourceModule from '../src/database/data-source';

// autocannon ships no type definitions; this is the part of its API the benchmarks use.
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonOptions {
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
type Autocannon = ((options: AutocannonOptions) => Promise<unknown>) & {
  aggregateResult(raw: unknown[], options: AutocannonOptions): AutocannonResult;
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
  return { databaseUrl, apiKey: options.apiKey };
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
  app: NestFastifyApplication;
  baseUrl: string;
}

/** The production app, logs off, listening on a free local port. */
export async function startApp(): Promise<RunningApp> {
  const { createApp } = requireApp<typeof CreateAppModule>('../src/create-app');
  const app = await createApp({ logs: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
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
}

/** Runs autocannon against `paths` in a worker thread and summarises it. */
export function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { loadSpec: spec } });
    let summary: LoadSummary | undefined;
    worker.once('message', (message: LoadSummary) => (summary = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (summary ? resolve(summary) : reject(new Error(`load worker for "${spec.title}" exited with code ${code}`))));
  });
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
  // Outside the main thread autocannon assumes it is one of its own workers and leaves the histograms raw.
  const raw = (await autocannon(options)) as { duration: number };
  const result = autocannon.aggregateResult([raw], options);
  return {
    title: spec.title,
    // The per-second request histogram does not survive aggregation here; completed requests over time is the same mean.
    requestsPerSecond: result.requests.total / raw.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches ?? 0,
  };
}

/**
 * Runs the loads one after the other, `rounds` times over, and merges the runs of each load. This machine's
 * speed drifts within a minute, so alternating the baseline with the routes compared to it keeps each ratio
 * between neighbours. A load is given its round (0 first), e.g. to warm up only once.
 */
export async function runAlternating(loads: ((round: number) => Promise<LoadSummary>)[], rounds: number): Promise<LoadSummary[]> {
  const runs: LoadSummary[][] = loads.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, load] of loads.entries()) runs[i].push(await load(round));
  }
  return runs.map(mergeRuns);
}

/** Requests per second over all the runs' time; the latencies of the worst run; every failure counted. */
function mergeRuns(runs: LoadSummary[]): LoadSummary {
  const sum = (field: (s: LoadSummary) => number) => runs.reduce((total, s) => total + field(s), 0);
  return {
    title: runs[0].title,
    requestsPerSecond: sum((s) => s.total) / sum((s) => s.total / s.requestsPerSecond),
    p50Ms: Math.max(...runs.map((s) => s.p50Ms)),
    p99Ms: Math.max(...runs.map((s) => s.p99Ms)),
    total: sum((s) => s.total),
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    mismatches: sum((s) => s.mismatches),
  };
}

/** Whether a run had any failed, non-2xx or unexpected response. */
export const failuresOf = (s: LoadSummary): number => s.non2xx + s.errors + s.timeouts + s.mismatches;

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
