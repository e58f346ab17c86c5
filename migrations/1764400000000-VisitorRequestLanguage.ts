import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['callback', 'call_request', 'appointment', 'store_request'];

/** The visitor's language on each escalation request: what they are sent, and what the advisor should speak. */
export class VisitorRequestLanguage1764400000000 implements MigrationInterface {
  name = 'VisitorRequestLanguage1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('fr', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} DROP COLUMN language`);
  }
}
