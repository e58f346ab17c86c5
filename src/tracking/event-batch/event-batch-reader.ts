import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { batchReadParams, batchReadSql, type BatchRow } from './event-batch.sql';
import { GroupedRunner } from '../../database/grouped-runner';
import { preparedQuery } from '../../database/prepared-query';

const UNLOCKED_READ = batchReadSql({ lock: false });

interface ReadRequest {
  visitId: string;
  clientIds: readonly string[];
}

/**
 * Reads what the event batches of concurrent requests need in one statement, outside any transaction;
 * each batch's write then checks its visit is still the version read (see `EventBatchWriter`).
 */
@Injectable()
export class EventBatchReader {
  private readonly runner = new GroupedRunner<ReadRequest, BatchRow | undefined>((requests) => this.readGroup(requests));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Undefined for an unknown visit. */
  read(visitId: string, clientIds: readonly string[]): Promise<BatchRow | undefined> {
    return this.runner.run({ visitId, clientIds });
  }

  private async readGroup(requests: ReadRequest[]): Promise<(BatchRow | undefined)[]> {
    const rows = await preparedQuery<BatchRow>(this.dataSource, UNLOCKED_READ, batchReadParams(requests));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const handedOut = new Set<string>();
    return requests.map((r) => {
      const row = byId.get(r.visitId);
      if (!row) return undefined;
      // Each batch folds its events into its own copy of the context.
      if (handedOut.has(r.visitId)) return structuredClone(row);
      handedOut.add(r.visitId);
      return row;
    });
  }
}
