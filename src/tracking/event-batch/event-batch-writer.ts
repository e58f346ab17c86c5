import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TargetingDecisionsService } from '../../targeting/targeting-decisions.service';
import { batchWriteParams, batchWriteSql, type BatchWrite } from './event-batch.sql';
import { GroupedRunner } from '../../database/grouped-runner';
import { preparedQuery } from '../../database/prepared-query';

/**
 * Writes the event batches of concurrent requests together, one statement and one commit for a group, so
 * the database pays per-statement and per-commit costs once per group rather than once per batch. Nothing
 * is acknowledged before its group is committed: each caller learns then whether its batch was written.
 */
@Injectable()
export class EventBatchWriter {
  private readonly logger = new Logger(EventBatchWriter.name);
  /** The statement, also run by callers writing a batch alone inside a transaction (see `batchWriteParams`). */
  readonly sql: string;
  private readonly runner = new GroupedRunner<BatchWrite, boolean>((writes) => this.writeGroup(writes));
  /** Visits with a batch queued or being written: a second one for the same visit would lose the race anyway. */
  private readonly visits = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    decisions: TargetingDecisionsService,
  ) {
    this.sql = batchWriteSql(decisions);
  }

  /**
   * True once the batch is committed; false when its visit changed since its read, another batch of the
   * visit is being written, or its group failed: the caller redoes it alone, under the visit's row lock.
   */
  async write(write: BatchWrite): Promise<boolean> {
    if (this.visits.has(write.visitId)) return false;
    this.visits.add(write.visitId);
    try {
      return await this.runner.run(write);
    } finally {
      this.visits.delete(write.visitId);
    }
  }

  private async writeGroup(writes: BatchWrite[]): Promise<boolean[]> {
    try {
      const rows = await preparedQuery<{ id: string }>(this.dataSource, this.sql, batchWriteParams(writes));
      const written = new Set(rows.map((r) => r.id));
      return writes.map((w) => written.has(w.visitId));
    } catch (error) {
      // Nothing of the group was written; each batch is redone alone, so a bad one fails on its own.
      this.logger.warn({ err: error, batches: writes.length }, 'Grouped event batch write failed; writing the batches one by one');
      return writes.map(() => false);
    }
  }
}
