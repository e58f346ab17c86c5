import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a queued visitor was last heard from, so that a chat whose visitor left gives its place back. */
export class ConversationVisitorSeen1764500000000 implements MigrationInterface {
  name = 'ConversationVisitorSeen1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversation ADD COLUMN visitor_seen_at timestamptz`);
    await q.query(`CREATE INDEX conversation_waiting_idx ON conversation (escalated_at) WHERE state = 'waiting_human'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversation_waiting_idx`);
    await q.query(`ALTER TABLE conversation DROP COLUMN visitor_seen_at`);
  }
}
