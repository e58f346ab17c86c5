import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Store requests follow the visitor's request through to done: `new -> taken -> contacted -> done`, or `cancelled`.
 * `waiting` becomes `new` and `closed` becomes `done`; the visitor may name one of the store's advisors.
 */
export class StoreRequestLifecycle1796250000001 implements MigrationInterface {
  name = 'StoreRequestLifecycle1796250000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE store_request ADD COLUMN requested_advisor_id uuid REFERENCES advisor (id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE store_request ADD COLUMN contacted_at timestamptz`);
    await q.query(`ALTER TABLE store_request ALTER COLUMN status SET DEFAULT 'new'`);
    await q.query(`UPDATE store_request SET status = CASE status WHEN 'waiting' THEN 'new' WHEN 'closed' THEN 'done' ELSE status END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE store_request SET status = CASE status WHEN 'new' THEN 'waiting' WHEN 'taken' THEN 'taken' WHEN 'contacted' THEN 'taken' ELSE 'closed' END`);
    await q.query(`ALTER TABLE store_request ALTER COLUMN status SET DEFAULT 'waiting'`);
    await q.query(`ALTER TABLE store_request DROP COLUMN contacted_at`);
    await q.query(`ALTER TABLE store_request DROP COLUMN requested_advisor_id`);
  }
}
