import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console notifications for advisors. A client's online purchase gives one row per order (`client_purchase_once`),
 * so the sweep that finds purchases may see one twice; `delivered_at` stays null until the mail is in the outbox and
 * the console was told, so a sweep after a crash finishes the delivery.
 */
export class CreateAdvisorNotifications1796250000000 implements MigrationInterface {
  name = 'CreateAdvisorNotifications1796250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE advisor_notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        advisor_id uuid NOT NULL REFERENCES advisor (id) ON DELETE CASCADE,
        kind text NOT NULL,
        customer_id uuid REFERENCES customer (id) ON DELETE CASCADE,
        order_id text,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        delivered_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX advisor_notification_client_purchase_once ON advisor_notification (customer_id, order_id) WHERE kind = 'client_purchase'`);
    await q.query(`CREATE INDEX advisor_notification_list_idx ON advisor_notification (advisor_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX advisor_notification_undelivered_idx ON advisor_notification (created_at) WHERE delivered_at IS NULL`);
    // The purchase sweep reads the recent purchases of both channels.
    await q.query(`CREATE INDEX visit_event_purchase_idx ON visit_event (received_at) WHERE type = 'purchase'`);
    await q.query(`CREATE INDEX interaction_purchase_idx ON interaction (created_at) WHERE type = 'purchase'`);
    // "My clients": an advisor's own profiles, newest first.
    await q.query(`CREATE INDEX customer_owner_list_idx ON customer (owner_advisor_id, created_at DESC, id DESC) WHERE owner_advisor_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX customer_owner_list_idx`);
    await q.query(`DROP INDEX interaction_purchase_idx`);
    await q.query(`DROP INDEX visit_event_purchase_idx`);
    await q.query(`DROP TABLE advisor_notification`);
  }
}
