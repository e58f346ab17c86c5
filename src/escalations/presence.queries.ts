import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** "Is anybody there" questions about advisors, answered from presence, channels and capacity. */
@Injectable()
export class PresenceQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async phoneAdvisorOnline(): Promise<boolean> {
    return this.exists(`'phone' = ANY(a.channels)`);
  }

  /** An online advisor whom chat routing can offer chats to (capacity above zero; live load is counted by routing itself). */
  async chatAdvisorOnline(): Promise<boolean> {
    return this.exists(`'chat' = ANY(a.channels) AND a.max_concurrent_chats > 0 AND a.roles && ARRAY['chat_advisor', 'supervisor']::text[]`);
  }

  private async exists(condition: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM advisor a WHERE a.presence = 'online' AND a.disabled_at IS NULL AND ${condition} LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }
}
