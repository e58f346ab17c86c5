// The virtual agent through the full app: POST /api/v1/agent/answer (API key auth, validation, classification,
// escalation policy, unanswered-question log) with the held-out eval phrasings of both languages, next to the
// health route as a baseline measured in the same run. Run: npm run bench:agent [-- durationSeconds]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as AgentServiceModule from '../src/virtual-agent/agent.service';
import { failuresOf, openMigratedDatabase, prepareBenchEnv, printTable, runLoad, startApp } from './bench-utils';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const BENCH_API_KEY = 'rk_bench_virtual_agent_key';
const KNOWLEDGE_BASE = join(__dirname, '..', '..', 'knowledge-base');

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
    const agent = await runLoad({
      title: 'POST /api/v1/agent/answer',
      baseUrl,
      paths: ['/api/v1/agent/answer'],
      bodies: questions(),
      headers: { authorization: `Bearer ${apiKey}` },
      connections: CONNECTIONS,
      durationSeconds,
      warmupSeconds: WARMUP_SECONDS,
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
