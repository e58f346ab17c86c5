// Open-loop load at a fixed rate, and the CPU time it costs the app and PostgreSQL.
//
// Request i is due at start + i / rate whatever happened to earlier ones, and its latency runs from that due time,
// not from when it actually left: a stalled server or a late timer shows up in the percentiles instead of slowing
// the load down (coordinated omission). A closed-loop tool cannot do this: autocannon's `overallRate` is shared out
// between its connections, and each connection still waits for its reply before it sends again.
//
// CPU comes from the kernel's accounting of each process (utime + stime in /proc/<pid>/stat, what process.cpuUsage()
// reads from inside): it is what a request costs whatever else shares the cores, where latency is not.

import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { DataSource } from 'typeorm';

/** Linux reports utime and stime in USER_HZ ticks, 100 per second on every architecture Node supports. */
const TICK_MS = 10;
/** Requests still unanswered this long after the last was due count as timeouts. */
const DRAIN_MS = 5_000;
/** The application_name the app's PostgreSQL connections carry in a benchmark, to tell its backends from others'. */
export const appPgName = (appPid: number): string => `relais-bench-app-${appPid}`;

/**
 * CPU milliseconds (user + system) a process has used so far, all its threads and dead ones included; or one thread's
 * alone when `tid` is given (the main thread's id is the process id). 0 once it is gone.
 */
export function processCpuMs(pid: number, tid?: number): number {
  let stat: string;
  try {
    stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * Waits (up to a minute) until a process uses under 4% of a core over half a second. Work left from booting, or
 * answers still owed after an overloaded run, would otherwise be billed to the next load.
 */
export async function waitUntilIdle(pid: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  let last = processCpuMs(pid);
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = processCpuMs(pid);
    if (now - last <= 20) return;
    last = now;
  }
}

/**
 * The CPU of the app's PostgreSQL backends (server and database on this machine), sampled every 200 ms: the pool opens
 * and closes connections, so each backend counts from when it is first seen (from its start if it started during
 * the measure) to its last sample. Backends are the app's by their application_name. Shared server processes (WAL writer, checkpointer, autovacuum) are not counted.
 */
export class PgCpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private sampling = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly appPid: number,
  ) {}

  async start(): Promise<void> {
    this.first.clear();
    this.last.clear();
    await this.sample(true);
    this.timer = setInterval(() => (this.sampling = this.sampling.then(() => this.sample(false))), 200);
  }

  /** Waits (up to a minute) until none of the app's backends runs a statement: queries left from an overloaded run. */
  async waitUntilIdle(): Promise<void> {
    const deadline = performance.now() + 60_000;
    const busy = async () => {
      const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`, [
        appPgName(this.appPid),
      ]);
      return count > 0;
    };
    while ((await busy()) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  }

  /** CPU milliseconds the app's backends used since start(). */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? 0);
    return total;
  }

  private async sample(initial: boolean): Promise<void> {
    const rows: { pid: number }[] = await this.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [appPgName(this.appPid)]);
    for (const { pid } of rows) {
      const cpu = processCpuMs(pid);
      if (cpu === 0) continue;
      if (initial) this.first.set(pid, cpu);
      this.last.set(pid, cpu);
    }
  }
}

export interface FixedRateRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface FixedRateSpec {
  title: string;
  baseUrl: string;
  /** Requests per second, sent on schedule whatever the answers. */
  rate: number;
  seconds: number;
  /** The i-th request (from 0). */
  request: (i: number) => FixedRateRequest;
  /** Every 2xx body must contain this text; others count as errors. */
  bodyMustInclude?: string;
  /** Process whose CPU is the app's. */
  appPid: number;
  /** Measures the app's PostgreSQL backends when given. */
  pg?: PgCpuMeter;
}

export interface FixedRateResult {
  title: string;
  rate: number;
  /** Latency from due time to the end of a 2xx response (to the end of the measure if unanswered), sorted. */
  latenciesMs: number[];
  sent: number;
  /** Answered with a non-2xx status or an unexpected body, or failed on the network. */
  errors: number;
  /** Still unanswered DRAIN_MS after the last request was due: the app was overloaded at this rate. */
  unanswered: number;
  /** The first unexpected answer, to say what went wrong. */
  firstError?: string;
  appCpuMs: number;
  pgCpuMs?: number;
}

/** One run at a fixed rate. The load runs on this process's event loop: keep the app in another process. */
export async function runFixedRate(spec: FixedRateSpec): Promise<FixedRateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(spec.baseUrl);
  const total = Math.round(spec.rate * spec.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  /** Due times of the requests in flight. */
  const inFlight = new Map<number, number>();
  let allSent = false;
  let over = false;
  let allAnswered: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (allAnswered = resolve));
  const fail = (reason: string) => {
    if (over) return;
    errors++;
    firstError ??= reason;
  };

  const send = (i: number, dueAt: number) => {
    const { method = 'GET', path, headers = {}, body } = spec.request(i);
    inFlight.set(i, dueAt);
    const settle = () => {
      inFlight.delete(i);
      if (inFlight.size === 0 && allSent) allAnswered();
    };
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, method, path, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const elapsed = performance.now() - dueAt;
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) fail(`${method} ${path}: ${status} ${text.slice(0, 200)}`);
          else if (spec.bodyMustInclude !== undefined && !text.includes(spec.bodyMustInclude)) fail(`${method} ${path}: unexpected body ${text.slice(0, 200)}`);
          else if (!over) latencies.push(elapsed);
          settle();
        });
      },
    );
    req.on('error', (error) => {
      fail(`${method} ${path}: ${error.message}`);
      settle();
    });
    req.end(body);
  };

  await spec.pg?.waitUntilIdle();
  await waitUntilIdle(spec.appPid);
  const appCpuBefore = processCpuMs(spec.appPid);
  await spec.pg?.start();
  const start = performance.now();
  const intervalMs = 1000 / spec.rate;
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * intervalMs <= now; next++) send(next, start + next * intervalMs);
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  allSent = true;
  if (inFlight.size === 0) allAnswered();
  await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
  // Their latency is at least this long; leaving them out would hide the overload they show.
  const unanswered = inFlight.size;
  for (const dueAt of inFlight.values()) latencies.push(performance.now() - dueAt);
  over = true;
  const appCpuMs = processCpuMs(spec.appPid) - appCpuBefore;
  const pgCpuMs = await spec.pg?.stop();
  agent.destroy();
  return { title: spec.title, rate: spec.rate, latenciesMs: latencies.sort((a, b) => a - b), sent: total, errors, unanswered, firstError, appCpuMs, pgCpuMs };
}

/** Merges runs of the same load (the rounds of an alternated benchmark). */
export function mergeFixedRate(runs: FixedRateResult[]): FixedRateResult {
  const pg = runs.every((r) => r.pgCpuMs !== undefined) ? runs.reduce((sum, r) => sum + r.pgCpuMs!, 0) : undefined;
  return {
    title: runs[0].title,
    rate: runs[0].rate,
    latenciesMs: runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b),
    sent: runs.reduce((sum, r) => sum + r.sent, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    unanswered: runs.reduce((sum, r) => sum + r.unanswered, 0),
    firstError: runs.find((r) => r.firstError)?.firstError,
    appCpuMs: runs.reduce((sum, r) => sum + r.appCpuMs, 0),
    pgCpuMs: pg,
  };
}

export const describeFixedRateErrors = (r: FixedRateResult): string => `${r.title} at ${r.rate}/s: ${r.errors} errors of ${r.sent}, first: ${r.firstError}`;

/** CPU milliseconds per answered request: requests the app never got to cost it nothing within the measure. */
const perAnswered = (r: FixedRateResult, cpuMs: number): number => cpuMs / Math.max(1, r.sent - r.unanswered);
export const appCpuPerRequest = (r: FixedRateResult): number => perAnswered(r, r.appCpuMs);

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

const ms = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/**
 * Header and rows of the fixed-rate table. "app CPU over health" is a load's app CPU per request less the health
 * route's at the same rate: what the route's own work costs, without the HTTP stack and the app's idle timers.
 */
export const FIXED_RATE_HEADER = ['load', 'rate/s', 'sent', 'p50 ms', 'p99 ms', 'p99.9 ms', 'errors', 'unanswered', 'app CPU ms/req', 'over health', 'PG CPU ms/req'];
export function fixedRateRows(results: FixedRateResult[]): (string | number)[][] {
  return results.map((r) => {
    const health = results.find((b) => b.title === HEALTH_LOAD.title && b.rate === r.rate);
    return [
      r.title,
      r.rate,
      r.sent,
      ms(percentile(r.latenciesMs, 50)),
      ms(percentile(r.latenciesMs, 99)),
      ms(percentile(r.latenciesMs, 99.9)),
      r.errors,
      r.unanswered,
      ms(appCpuPerRequest(r), 3),
      health && health !== r ? ms(appCpuPerRequest(r) - appCpuPerRequest(health), 3) : '',
      r.pgCpuMs === undefined ? '-' : ms(perAnswered(r, r.pgCpuMs), 3),
    ];
  });
}

export interface FixedRateLoad {
  title: string;
  /** The i-th request of this load, counted over all its runs. */
  request: (i: number) => FixedRateRequest;
  bodyMustInclude?: string;
}

export const HEALTH_LOAD: FixedRateLoad = { title: 'GET /health/live', request: () => ({ path: '/health/live' }), bodyMustInclude: '"status":"ok"' };

export interface FixedRateComparison {
  baseUrl: string;
  appPid: number;
  pg?: PgCpuMeter;
  rate: number;
  secondsPerRound: number;
  rounds: number;
  /** The baseline first: it takes turns with the others at the same rate. */
  loads: FixedRateLoad[];
  /** A short unmeasured run of each load before the first round. */
  warmupSeconds?: number;
}

/** Each load at the same fixed rate, taking turns round after round; one merged result per load, in order. */
export async function compareAtFixedRate(options: FixedRateComparison): Promise<FixedRateResult[]> {
  const sent = options.loads.map(() => 0);
  const run = async (k: number, seconds: number, pg?: PgCpuMeter) => {
    const load = options.loads[k];
    const offset = sent[k];
    const result = await runFixedRate({ ...load, request: (i) => load.request(offset + i), baseUrl: options.baseUrl, rate: options.rate, seconds, appPid: options.appPid, pg });
    sent[k] += result.sent;
    return result;
  };
  if (options.warmupSeconds) for (const k of options.loads.keys()) await run(k, options.warmupSeconds);
  const runs: FixedRateResult[][] = options.loads.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const k of options.loads.keys()) runs[k].push(await run(k, options.secondsPerRound, options.pg));
  }
  return runs.map(mergeFixedRate);
}
