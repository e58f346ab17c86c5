import { JobsService, retryDelayMs } from '../../src/jobs/jobs.service';
import { eventually } from '../utils/eventually';
import { startTestApp, TestApp, unique } from '../utils/test-app';

// Runs on in-process delivery by default and on BullMQ + Redis when REDIS_URL is set.
describe(`jobs (${process.env.REDIS_URL ? 'BullMQ' : 'in-process'})`, () => {
  let t: TestApp;
  const delivered: { name: string; data: unknown; attempt: number; requestId?: string }[] = [];
  let failFirst = true;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('delivers a job once per job id, after its delay, and retries a failing handler', async () => {
    const jobs = t.app.get(JobsService);
    const queue = `test-${unique()}`;
    jobs.register(queue, async (name, data, job) => {
      if (name === 'flaky' && failFirst) {
        failFirst = false;
        throw new Error('first attempt fails');
      }
      delivered.push({ name, data, attempt: job.attempt, requestId: job.requestId });
    });
    // Workers start at bootstrap; a queue registered later is picked up by a fresh bootstrap of the jobs service.
    jobs.onApplicationBootstrap();

    const start = Date.now();
    // Delayed so the second enqueue surely finds the first still pending (a finished job's id may be reused).
    await jobs.enqueue(queue, 'hello', { n: 1 }, { jobId: 'same', delayMs: 200 });
    await jobs.enqueue(queue, 'hello', { n: 2 }, { jobId: 'same', delayMs: 200 });
    await jobs.enqueue(queue, 'later', { n: 3 }, { delayMs: 300 });
    await jobs.enqueue(queue, 'flaky', { n: 4, requestId: 'req-4' });
    await eventually(() => expect(delivered.length).toBeGreaterThanOrEqual(3));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(delivered.filter((d) => d.name === 'hello')).toEqual([{ name: 'hello', data: { n: 1 }, attempt: 1, requestId: undefined }]);
    // The request that enqueued a job is known to the processor on every attempt.
    expect(delivered.find((d) => d.name === 'flaky')).toEqual({ name: 'flaky', data: { n: 4, requestId: 'req-4' }, attempt: 2, requestId: 'req-4' });
    expect(delivered.find((d) => d.name === 'later')).toBeDefined();
    expect(Date.now() - start).toBeGreaterThanOrEqual(300);
  });

  it('re-delivers a job whose id failed for good when the sweep enqueues it again', async () => {
    const jobs = t.app.get(JobsService);
    const queue = `test-${unique()}`;
    let outage = true;
    const runs: string[] = [];
    jobs.register(queue, async () => {
      runs.push(outage ? 'failed' : 'done');
      if (outage) throw new Error('database down');
    });
    jobs.onApplicationBootstrap();

    await jobs.enqueue(queue, 'due', {}, { jobId: 'due-1', attempts: 1 });
    await eventually(() => expect(runs).toEqual(['failed']));
    // give the queue time to record the failure before the sweep's re-add
    await new Promise((resolve) => setTimeout(resolve, 200));
    outage = false;
    await jobs.enqueue(queue, 'due', {}, { jobId: 'due-1', attempts: 1 });
    await eventually(() => expect(runs).toEqual(['failed', 'done']));
  });

  it('backs retries off to minutes so they outlast an outage', () => {
    const waits = Array.from({ length: 11 }, (_, i) => retryDelayMs(i + 1));
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * 60_000);
    expect(Math.max(...waits)).toBe(5 * 60_000);
  });
});
