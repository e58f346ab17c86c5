import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { jobFailures } from '../metrics/metrics';

export interface JobOptions {
  /** Deterministic id: enqueuing the same id twice while the first is pending delivers once. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface JobContext {
  id: string;
  name: string;
  attempt: number;
  /** The request that enqueued the job, when one did. */
  requestId?: string;
}

/** Job data enqueued while answering a request carries its id, so the job's log lines join the request's. */
export interface RequestTraced {
  requestId?: string;
}

export type JobHandler = (name: string, data: unknown, job: JobContext) => Promise<void>;

/** 12 attempts, 2 s doubling and capped at 5 min: retries outlast an outage of about half an hour. */
const DEFAULT_ATTEMPTS = 12;
const BACKOFF_MS = 2000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Delay before retry number `attempt + 1`. */
/** How long a request waits for Redis to take a job before leaving it to the sweep. */
const ENQUEUE_TIMEOUT_MS = 2000;
export const retryDelayMs = (attempt: number) => Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** (attempt - 1));

/**
 * Delivers jobs: through BullMQ when REDIS_URL is set (any instance or `npm run start:worker` consumes them),
 * in-process otherwise. Handlers must be idempotent: the database row is the truth, and the sweeps that
 * features register re-deliver anything due and not done, e.g. after a crash.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pendingIds = new Set<string>();
  /** In-process mode: deliveries scheduled and not started, by queue (the depth BullMQ reports in Redis mode). */
  private readonly waiting = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly sweeps: { name: string; everyMs: number; run: () => Promise<void> }[] = [];
  private stopping = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Registers the consumer of a queue; call from a feature's onModuleInit. */
  register(queue: string, handler: JobHandler): void {
    this.handlers.set(queue, handler);
  }

  /** Registers a periodic sweep that finds due work in the database and enqueues it (deterministic job ids make it idempotent). */
  registerSweep(name: string, everyMs: number, run: () => Promise<void>): void {
    this.sweeps.push({ name, everyMs, run });
  }

  async enqueue(queue: string, name: string, data: unknown, options: JobOptions = {}): Promise<void> {
    if (this.config.redisUrl) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Queue ${queue} did not take the job within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      });
      await Promise.race([this.addToBullMQ(queue, name, data, options), timeout]).finally(() => clearTimeout(timer));
      return;
    }
    const key = options.jobId ? `${queue}:${options.jobId}` : undefined;
    if (key && this.pendingIds.has(key)) return;
    if (key) this.pendingIds.add(key);
    this.scheduleRun(options.delayMs ?? 0, queue, () => this.runInProcess(queue, name, data, options, 1, key));
  }

  /**
   * For work whose row a sweep re-delivers: a queue that cannot take the job now (Redis away) does not fail or
   * slow the request that saved the row.
   */
  async enqueueOrLeaveToSweep(queue: string, name: string, data: unknown, options: JobOptions = {}): Promise<void> {
    await this.enqueue(queue, name, data, options).catch((error: unknown) => this.logger.warn({ err: error, queue, job: name, jobId: options.jobId }, 'Job left to the sweep'));
  }

  private async addToBullMQ(queue: string, name: string, data: unknown, options: JobOptions): Promise<void> {
    const bullQueue = this.queue(queue);
    if (options.jobId) await this.clearFinished(bullQueue, options.jobId);
    await bullQueue.add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'capped' },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    if (this.config.redisUrl) {
      for (const [queue, handler] of this.handlers) {
        const worker = new Worker(queue, (job: Job) => this.process(queue, handler, job.name, job.data, { id: job.id ?? '', name: job.name, attempt: job.attemptsMade + 1 }), {
          connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
          prefix: 'relais',
          concurrency: 5,
          settings: { backoffStrategy: retryDelayMs },
        });
        worker.on('failed', (job, error) => {
          jobFailures.inc({ queue });
          this.logger.warn({ err: error, queue, job: job?.name, jobId: job?.id, requestId: requestIdOf(job?.data) }, 'Job failed');
        });
        this.workers.push(worker);
      }
    }
    for (const sweep of this.sweeps) {
      const tick = () => {
        if (this.stopping) return;
        sweep.run().catch((error: unknown) => this.logger.error({ err: error, sweep: sweep.name }, 'Sweep failed'));
      };
      this.schedule(0, tick);
      const interval = setInterval(tick, sweep.everyMs);
      interval.unref();
      this.timers.add(interval);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.allSettled([...this.running]);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  /**
   * BullMQ ignores an add whose id is already known, even when that job failed for good or stalled out: a sweep
   * re-delivering due work would then be a no-op. A finished job with the id is removed so the add takes.
   */
  private async clearFinished(queue: Queue, jobId: string): Promise<void> {
    const existing = await queue.getJob(jobId);
    if (!existing) return;
    const state = await existing.getState();
    if (state === 'failed' || state === 'completed') await existing.remove();
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: this.config.redisUrl, maxRetriesPerRequest: null }, prefix: 'relais' });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Jobs waiting per queue: BullMQ's waiting, delayed and prioritised jobs, or the in-process ones not started. */
  async depths(): Promise<{ queue: string; waiting: number }[]> {
    const names = [...new Set([...this.handlers.keys(), ...this.queues.keys()])];
    if (!this.config.redisUrl) return names.map((queue) => ({ queue, waiting: this.waiting.get(queue) ?? 0 }));
    return Promise.all(
      names.map(async (queue) => {
        const counts = await this.queue(queue).getJobCounts('waiting', 'delayed', 'prioritized');
        return { queue, waiting: Object.values(counts).reduce((sum, n) => sum + n, 0) };
      }),
    );
  }

  private scheduleRun(delayMs: number, queue: string, run: () => void): void {
    this.waiting.set(queue, (this.waiting.get(queue) ?? 0) + 1);
    this.schedule(delayMs, () => {
      this.waiting.set(queue, (this.waiting.get(queue) ?? 1) - 1);
      run();
    });
  }

  private schedule(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Runs one delivery in either mode, logged with the id of the request that enqueued it. */
  private process(queue: string, handler: JobHandler, name: string, data: unknown, job: Omit<JobContext, 'requestId'>): Promise<void> {
    const context: JobContext = { ...job, requestId: requestIdOf(data) };
    this.logger.log({ queue, job: name, jobId: context.id, attempt: context.attempt, requestId: context.requestId }, 'Job started');
    return handler(name, data, context);
  }

  private runInProcess(queue: string, name: string, data: unknown, options: JobOptions, attempt: number, key?: string): void {
    if (this.stopping) return; // not lost: the row is still due, and the next start's sweep re-delivers it
    const handler = this.handlers.get(queue);
    if (!handler || !this.config.runJobs) {
      if (key) this.pendingIds.delete(key);
      return;
    }
    const run = this.process(queue, handler, name, data, { id: options.jobId ?? `${queue}:${name}`, name, attempt })
      .then(() => {
        if (key) this.pendingIds.delete(key);
      })
      .catch((error: unknown) => {
        const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
        this.logger.warn({ err: error, queue, job: name, attempt, requestId: requestIdOf(data) }, attempt < attempts ? 'Job failed; retrying' : 'Job failed for good');
        jobFailures.inc({ queue });
        if (attempt < attempts) this.scheduleRun(retryDelayMs(attempt), queue, () => this.runInProcess(queue, name, data, options, attempt + 1, key));
        else if (key) this.pendingIds.delete(key);
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}

function requestIdOf(data: unknown): string | undefined {
  const requestId = typeof data === 'object' && data !== null ? (data as RequestTraced).requestId : undefined;
  return typeof requestId === 'string' ? requestId : undefined;
}
