import { GroupedRunner } from './grouped-runner';

/** A promise with its resolve exposed, to hold a group in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupedRunner', () => {
  it('runs a lone request at once, and groups the requests that arrive while a group is in flight', async () => {
    const groups: number[][] = [];
    const gates = [deferred<void>(), deferred<void>()];
    const runner = new GroupedRunner<number, number>(
      async (inputs) => {
        groups.push(inputs);
        await gates[groups.length - 1]?.promise;
        return inputs.map((n) => n * 10);
      },
      1,
      100,
    );
    const first = runner.run(1);
    const rest = [runner.run(2), runner.run(3), runner.run(4)];
    expect(groups).toEqual([[1]]);
    gates[0].resolve();
    expect(await first).toBe(10);
    gates[1].resolve();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps groups within the size limit and runs up to the concurrency limit', async () => {
    const groups: number[][] = [];
    let running = 0;
    let peak = 0;
    const runner = new GroupedRunner<number, number>(
      async (inputs) => {
        groups.push(inputs);
        peak = Math.max(peak, ++running);
        await Promise.resolve();
        running -= 1;
        return inputs;
      },
      2,
      2,
    );
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => runner.run(n)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(groups.every((g) => g.length <= 2)).toBe(true);
    expect(groups.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(2);
  });

  it('fails every request of a failed group, and goes on with the next groups', async () => {
    let calls = 0;
    const runner = new GroupedRunner<number, number>(
      async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return inputs;
      },
      1,
      100,
    );
    const failed = runner.run(1);
    const next = runner.run(2);
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe(2);
  });
});
