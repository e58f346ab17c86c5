import type Redis from 'ioredis';

/**
 * Fixed-window counter. With Redis every instance shares the count (scale-out safe);
 * without it (embedded mode, one process) a map is enough. While Redis is unreachable each instance counts on
 * its own map: limits stay in force per instance and logins keep working.
 */
export class RateLimiter {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: Redis | null,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  /** Counts one hit; returns the seconds to wait when the limit is exceeded, else 0. */
  async hit(key: string): Promise<number> {
    if (this.redis) {
      try {
        return await this.hitShared(this.redis, key);
      } catch {
        return this.hitLocal(key);
      }
    }
    return this.hitLocal(key);
  }

  private async hitShared(redis: Redis, key: string): Promise<number> {
    const redisKey = `relais:ratelimit:${key}`;
    const [[, count], [, ttl]] = (await redis.multi().incr(redisKey).ttl(redisKey).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await redis.expire(redisKey, this.windowSeconds);
    return count > this.limit ? Math.max(ttl, 1) : 0;
  }

  private hitLocal(key: string): number {
    const now = Date.now();
    const entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      this.local.set(key, { count: 1, resetAt: now + this.windowSeconds * 1000 });
      if (this.local.size > 10_000) this.evictExpired(now);
      return 0;
    }
    entry.count += 1;
    return entry.count > this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Seconds to wait when the key has already reached its limit, without counting a hit. */
  async blockedFor(key: string): Promise<number> {
    if (this.redis) {
      const redisKey = `relais:ratelimit:${key}`;
      const reply = await this.redis
        .multi()
        .get(redisKey)
        .ttl(redisKey)
        .exec()
        .catch(() => null);
      if (reply) {
        const [[, count], [, ttl]] = reply as [[null, string | null], [null, number]];
        return Number(count ?? 0) >= this.limit ? Math.max(ttl, 1) : 0;
      }
    }
    const entry = this.local.get(key);
    const now = Date.now();
    return entry && entry.resetAt > now && entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  async reset(key: string): Promise<void> {
    if (this.redis) await this.redis.del(`relais:ratelimit:${key}`).catch(() => undefined);
    this.local.delete(key);
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.local) if (entry.resetAt <= now) this.local.delete(key);
  }
}
