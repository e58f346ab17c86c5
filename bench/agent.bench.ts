// The virtual agent through the full app: POST /api/v1/agent/answer (API key auth, validation, classification,
// escalation policy, unanswered-question log) with the held-out eval phrasings of both languages, next to the
// health route as a baseline measured in the same run. Run: npm run bench:agent [-- durationSeconds]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type * as AgentServiceModule from '../src/virtual-agent/agent.service';
import { LoadSummary, failuresOf, openMigratedDatabase, prepareBenchEnv, printTable, runLoad, startApp } from './bench-utils';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const BENCH_API_KEY = 'rk_bench_virtual_agent_key';
const KNOWLEDGE_BASE = join(__dirname, '..', '..', 'knowledge-base');

interface PostLoadSpec {
  title: string;
  baseUrl: string;
  path: string;
  bodies: string[];
  headers: Record<string, string>;
  durationSeconds: number;
}

// autocannon ships no type definitions; bench-utils' runLoad sends GETs only, so POST load is driven here.
interface PostLoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Runs autocannon with POST bodies taken in turn, in a worker thread so it does not share the app's event loop. */
function runPostLoad(spec: PostLoadSpec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { postLoadSpec: spec } });
    let summary: LoadSummary | undefined;
    worker.once('message', (message: LoadSummary) => (summary = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (summary ? resolve(summary) : reject(new Error(`load worker for "${spec.title}" exited with code ${code}`))));
  });
}

async function postLoadInWorker(spec: PostLoadSpec): Promise<LoadSummary> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as ((options: object) => Promise<PostLoadResult>) & { aggregateResult: (results: PostLoadResult[], options: object) => PostLoadResult };
  let next = 0;
  const options = {
    url: spec.baseUrl,
    connections: CONNECTIONS,
    duration: spec.durationSeconds,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    headers: { ...spec.headers, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (request: object) => ({ ...request, path: spec.path, body: spec.bodies[next++ % spec.bodies.length] }) }],
  };
  const raw = await autocannon(options);
  // Off the main thread autocannon leaves its histograms for the caller to aggregate.
  const result = raw.latency ? raw : autocannon.aggregateResult([raw], options);
  return {
    title: spec.title,
    // Counted over the measured window: the aggregated per-second average is not reliable off the main thread.
    requestsPerSecond: result.requests.total / spec.durationSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: 0,
  };
}

/** The held-out phrasings (in scope and out of scope), so the run mixes answers, clarifications and fallbacks. */
function questions(): string[] {
  return ['en', 'fr'].flatMap((locale) => {
    const examples = JSON.parse(readFileSync(join(KNOWLEDGE_BASE, 'eval', `${locale}.json`), 'utf8')) as { text: string }[];
    return examples.map((e) => JSON.stringify({ text: e.text, locale }));
  });
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.argv[2] ?? 10);
  const { apiKey } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  await dataSource.destroy();
  const { app, baseUrl } = await startApp();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AgentService } = require('../src/virtual-agent/agent.service') as typeof AgentServiceModule;
    const started = performance.now();
    await app.get(AgentService).ready();
    console.log(`Agent model ready in ${Math.round(performance.now() - started)} ms (trained, or loaded from the data folder's cache).`);
    const health = await runLoad({ title: 'GET /health/live', baseUrl, paths: ['/health/live'], connections: CONNECTIONS, durationSeconds, warmupSeconds: WARMUP_SECONDS });
    const agent = await runPostLoad({
      title: 'POST /api/v1/agent/answer',
      baseUrl,
      path: '/api/v1/agent/answer',
      bodies: questions(),
      headers: { authorization: `Bearer ${apiKey}` },
      durationSeconds,
    });
    printTable(
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failures', 'vs health'],
      [health, agent].map((s) => [s.title, Math.round(s.requestsPerSecond), s.p50Ms, s.p99Ms, s.total, failuresOf(s), `${((s.requestsPerSecond / health.requestsPerSecond) * 100).toFixed(0)}%`]),
    );
    if (failuresOf(agent) + failuresOf(health) > 0) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else if ((workerData as { postLoadSpec?: PostLoadSpec } | null)?.postLoadSpec) {
  postLoadInWorker((workerData as { postLoadSpec: PostLoadSpec }).postLoadSpec).then(
    (summary) => parentPort!.postMessage(summary),
    (error: unknown) => {
      throw error;
    },
  );
}
