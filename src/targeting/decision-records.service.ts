import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { deleteOlderThan } from '../database/delete-older-than';
import { JobsService } from '../jobs/jobs.service';
import { Clock } from './clock';
import { TargetingDecision } from './targeting-decision.entity';

const RETENTION_SWEEP_EVERY_MS = 3600_000;

/** Reads the decisions recorded for a visit and deletes them after `RELAIS_DECISION_RETENTION_DAYS`. */
@Injectable()
export class DecisionRecordsService implements OnModuleInit {
  private readonly logger = new Logger(DecisionRecordsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('targeting-decision-retention', RETENTION_SWEEP_EVERY_MS, () => this.deleteExpired().then(() => undefined));
  }

  forVisit(m: EntityManager, visitId: string): Promise<TargetingDecision[]> {
    return m.find(TargetingDecision, { where: { visitId }, order: { decidedAt: 'ASC', createdAt: 'ASC' } });
  }

  async deleteExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.decisionRetentionDays * 24 * 3600 * 1000);
    const total = await deleteOlderThan(this.dataSource, 'targeting_decision', 'decided_at', before);
    if (total) this.logger.log({ deleted: total, before }, 'Expired targeting decisions deleted');
    return total;
  }
}
