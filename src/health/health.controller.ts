import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Public } from '../common/auth/access-policy.decorator';
import { REDIS } from '../redis/redis.module';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  /** The process answers (for the load balancer's liveness probe). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** The database answers, and Redis when configured: the instance can take traffic. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 }), ...(this.redis ? [() => this.pingRedis(this.redis!)] : [])]);
  }

  private async pingRedis(redis: Redis) {
    const indicator = this.indicators.check('redis');
    try {
      await redis.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
