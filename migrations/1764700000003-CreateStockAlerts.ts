import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Tell me when it is back": one row per person and product while waiting. A restock claims the waiting rows
 * (`sending`) before mailing, so two restocks at once mail each person once; a sweep finishes rows a crash left claimed.
 */
export class CreateStockAlerts1764700000003 implements MigrationInterface {
  name = 'CreateStockAlerts1764700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stock_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES site (id) ON DELETE CASCADE,
        sku text NOT NULL,
        email text NOT NULL,
        locale text,
        consent_text text NOT NULL,
        consented_at timestamptz NOT NULL,
        status text NOT NULL,
        claimed_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX stock_alert_waiting_key ON stock_alert (site_id, sku, email) WHERE status = 'waiting'`);
    await q.query(`CREATE INDEX stock_alert_sku_idx ON stock_alert (sku, status)`);
    await q.query(`CREATE INDEX stock_alert_claimed_idx ON stock_alert (claimed_at) WHERE status = 'sending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stock_alert`);
  }
}
