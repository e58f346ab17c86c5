import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AdvisorSeat } from './advisor-availability';
import { ADVISOR_SEATS_SQL } from './advisor-seats.sql';

/** Reads the advisors' seats; `advisor-availability.ts` says who is free. */
@Injectable()
export class AdvisorSeatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every enabled advisor not offline. Pass the transaction's manager inside one. */
  async seats(manager: EntityManager = this.dataSource.manager): Promise<AdvisorSeat[]> {
    const [row] = (await manager.query(`SELECT ${ADVISOR_SEATS_SQL} AS advisors`)) as { advisors: AdvisorSeat[] }[];
    return row.advisors;
  }
}
