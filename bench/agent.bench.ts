// The virtual agent through the full app: POST /api/v1/agent/answer (API key auth, validation, classification,
// escalation policy, unanswered-question log) with the held-out eval phrasings of both languages, next to the
// health route as a baseline measured in the same run: saturated (capacity per app-CPU-second), then at a fixed rate.
// Run: npm run bench:agent [-- durationSeconds]; BENCH_RATE=200 answers/s, BENCH_RATE_SECONDS=15 per load.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPACITY_HEADER, capacityRow, describeFailures, failuresOf, openMigratedDatabase, prepareBenchEnv, printTable, runAlternating, runLoad, startApp } from './bench-utils';
import { FIXED_RATE_HEADER, HEALTH_LOAD, PgCpuMeter, compareAtFixedRate, describeFixedRateErrors, fixedRateRows, percentile } from './fixed-rate';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const ROUNDS = 3;
const TARGET_RATE = 200;
const TARGET_P99_MS = 10;
const BENCH_API_KEY = 'rk_bench_virtual_agent_key';
const KNOWLEDGE_BASE = join(__dirname, '..', '..', 'knowledge-base');
const ANSWER_PATH = '/api/v1/agent/answer';

/** The held-out phrasings (in scope and out of scope), so the run mixes answers, clarifications and fallbacks. */
function questions(): string[] {
  return ['en', 'fr'].flatMap((locale) => {
    const examples = JSON.parse(readFileSync(join(KNOWLEDGE_BASE, 'eval', `${locale}.json`), 'utf8')) as { text: string }[];
    return examples.map((e) => JSON.stringify({ text: e.text, locale }));
  });
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.argv[2] ?? 12);
  const { apiKey } = prepareBenchEnv({ apiKey: BENCH_API_KEY });
  const dataSource = await openMigratedDatabase();
  const { baseUrl, pid, close } = await startApp();
  const failures: string[] = [];
  try {
    const headers = { authorization: `Bearer ${apiKey}` };
    const bodies = questions();
    // The first answer waits for the model (trained, or loaded from the data folder's cache).
    const started = performance.now();
    const first = await fetch(baseUrl + ANSWER_PATH, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: bodies[0] });
    if (!first.ok) throw new Error(`POST ${ANSWER_PATH}: ${first.status} ${await first.text()}`);
    console.log(`Agent model ready in ${Math.round(performance.now() - started)} ms.`);

    const common = (round: number) => ({
      baseUrl,
      appPid: pid,
      connections: CONNECTIONS,
      durationSeconds: durationSeconds / ROUNDS,
      warmupSeconds: round === 0 ? WARMUP_SECONDS : 0,
    });
    const saturated = await runAlternating(
      [
        (round) => runLoad({ ...common(round), title: 'GET /health/live', paths: ['/health/live'] }),
        (round) => runLoad({ ...common(round), title: `POST ${ANSWER_PATH}`, paths: [ANSWER_PATH], bodies, headers }),
      ],
      ROUNDS,
    );
    console.log(`\nSaturated: ${CONNECTIONS} connections, ${durationSeconds} s per route in ${ROUNDS} rounds alternating the routes.`);
    printTable(CAPACITY_HEADER, saturated.map(capacityRow));
    failures.push(...saturated.filter((s) => failuresOf(s) > 0).map(describeFailures));

    const rate = Number(process.env.BENCH_RATE) || TARGET_RATE;
    const secondsPerRound = (Number(process.env.BENCH_RATE_SECONDS) || 15) / ROUNDS;
    const answer = {
      title: `POST ${ANSWER_PATH}`,
      request: (i: number) => ({ method: 'POST' as const, path: ANSWER_PATH, headers, body: bodies[i % bodies.length] }),
      bodyMustInclude: '"action":',
    };
    const rows = await compareAtFixedRate({
      baseUrl,
      appPid: pid,
      pg: new PgCpuMeter(dataSource, pid),
      rate,
      secondsPerRound,
      rounds: ROUNDS,
      loads: [HEALTH_LOAD, answer],
      warmupSeconds: WARMUP_SECONDS,
    });
    console.log(`\nFixed rate (open loop, latency from each request's due time): ${secondsPerRound * ROUNDS} s per load, in ${ROUNDS} rounds alternating with health.`);
    printTable(FIXED_RATE_HEADER, fixedRateRows(rows));
    const p99 = percentile(rows[1].latenciesMs, 99);
    console.log(
      `\nTarget at ${TARGET_RATE} answers/s: p99 ${p99.toFixed(1)} ms < ${TARGET_P99_MS} ms ${p99 < TARGET_P99_MS ? 'PASS' : 'MISS'}${rate === TARGET_RATE ? '' : ' (measured at another rate)'}.`,
    );
    failures.push(...rows.filter((r) => r.errors > 0).map(describeFixedRateErrors));
  } finally {
    await close();
    await dataSource.destroy();
  }
  for (const failure of failures) console.error(`FAILED: ${failure}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
