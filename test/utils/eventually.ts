/**
 * Retries `probe` until it stops throwing and returns its value: for effects that land shortly after the
 * response (batched writes, timers, jobs). Put the expectations inside the probe; the last failure is thrown.
 */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
