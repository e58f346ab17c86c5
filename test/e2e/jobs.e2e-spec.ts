import { JobsService } from '../../src/jobs/jobs.service';
import { eventually } from '../utils/eventually';
import { startTestApp, TestApp, unique } from '../utils/test-app';


// Runs on in-process delivery by default and on BullMQ + Redis when REDIS_URL is set.
describe(`jobs (${process.env.REDIS_URL ? 'BullMQ' : 'in-process'})`, () => {
  let t: TestApp;
  const delivered: { name: string; data: unknown; attempt: number }[] = [];
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
      delivered.push({ name, data, attempt: job.attempt });
    });
    // Workers start at bootstrap; a queue registered later is picked up by a fresh bootstrap of the jobs service.
    jobs.onApplicationBootstrap();

    const start = Date.now();
    await jobs.enqueue(queue, 'hello', { n: 1 }, { jobId: 'same' });
    await jobs.enqueue(queue, 'hello', { n: 2 }, { jobId: 'same' });
    await jobs.enqueue(queue, 'later', { n: 3 }, { delayMs: 300 });
    await jobs.enqueue(queue, 'flaky', { n: 4 });
    await eventually(() => expect(delivered.length).toBeGreaterThanOrEqual(3));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(delivered.filter((d) => d.name === 'hello')).toEqual([{ name: 'hello', data: { n: 1 }, attempt: 1 }]);
    expect(delivered.find((d) => d.name === 'flaky')).toEqual({ name: 'flaky', data: { n: 4 }, attempt: 2 });
    expect(delivered.find((d) => d.name === 'later')).toBeDefined();
    expect(Date.now() - start).toBeGreaterThanOrEqual(300);
  });
});
