import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TargetingDecisionsService } from '../targeting/targeting-decisions.service';
import { batchWriteParams, batchWriteSql, type BatchWrite } from './event-batch.sql';
import { preparedQuery } from './prepared-query';

/** Statements writing groups at once; more batches wait and go together in the next group. */
const MAX_CONCURRENT_GROUPS = 2;
const MAX_GROUP_SIZE = 100;

interface Pending {
  write: BatchWrite;
  resolve: (written: boolean) => void;
}

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
  private readonly queue: Pending[] = [];
  /** Visits with a batch queued or being written: a second one for the same visit would lose the race anyway. */
  private readonly visits = new Set<string>();
  private running = 0;

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
  write(write: BatchWrite): Promise<boolean> {
    if (this.visits.has(write.visitId)) return Promise.resolve(false);
    this.visits.add(write.visitId);
    return new Promise((resolve) => {
      this.queue.push({ write, resolve });
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < MAX_CONCURRENT_GROUPS && this.queue.length) {
      this.running += 1;
      void this.flush(this.queue.splice(0, MAX_GROUP_SIZE)).finally(() => {
        this.running -= 1;
        this.drain();
      });
    }
  }

  private async flush(group: Pending[]): Promise<void> {
    let written = new Set<string>();
    try {
      const rows = await preparedQuery<{ id: string }>(this.dataSource, this.sql, batchWriteParams(group.map((p) => p.write)));
      written = new Set(rows.map((r) => r.id));
    } catch (error) {
      // Nothing of the group was written; each batch is redone alone, so a bad one fails on its own.
      this.logger.warn({ err: error, batches: group.length }, 'Grouped event batch write failed; writing the batches one by one');
    }
    for (const p of group) {
      this.visits.delete(p.write.visitId);
      p.resolve(written.has(p.write.visitId));
    }
  }
}
