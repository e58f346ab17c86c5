import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** `GET /metrics` for Prometheus; the metrics themselves are recorded where the work happens (see metrics.ts). */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
