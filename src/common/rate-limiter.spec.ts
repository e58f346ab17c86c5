import { RateLimiter } from './rate-limiter';

describe('rate limiter (in-process)', () => {
  it('lets the limit through, then asks to wait until the window ends', async () => {
    const limiter = new RateLimiter(null, 3, 60);
    expect([await limiter.hit('k'), await limiter.hit('k'), await limiter.hit('k')]).toEqual([0, 0, 0]);
    expect(await limiter.blockedFor('k')).toBeGreaterThan(55);
    expect(await limiter.hit('k')).toBeGreaterThan(55);
    expect(await limiter.hit('other')).toBe(0);
  });

  it('forgets a key on reset', async () => {
    const limiter = new RateLimiter(null, 1, 60);
    await limiter.hit('k');
    await limiter.hit('k');
    await limiter.reset('k');
    expect(await limiter.blockedFor('k')).toBe(0);
  });
});
