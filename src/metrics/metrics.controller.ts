import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/access-policy.decorator';
import { notFound, unauthorized } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { chatsWaiting, jobFailures, metricsRegistry, queueDepth } from './metrics';

/**
 * Prometheus scrape endpoint, for operators rather than integrators (so not in the API document). Off unless
 * `RELAIS_METRICS_TOKEN` is set: the figures say how busy a shop is, which is nobody else's business.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.config.metricsToken;
    if (!token) throw notFound('NOT_FOUND', 'Route GET:/metrics not found');
    if (!bearerMatches(authorization, token)) throw unauthorized('INVALID_METRICS_TOKEN', 'Send Authorization: Bearer <RELAIS_METRICS_TOKEN>');
    const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM conversation WHERE state = 'waiting_human'`)) as { n: number }[];
    chatsWaiting.set(Number(n));
    queueDepth.reset();
    for (const { queue, waiting } of await this.jobs.depths()) {
      queueDepth.set({ queue }, waiting);
      jobFailures.inc({ queue }, 0); // every queue shows, at 0 until it fails
    }
    // Set only now: an error before this is JSON.
    void reply.header('content-type', metricsRegistry.contentType).header('cache-control', 'no-store');
    return metricsRegistry.metrics();
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
