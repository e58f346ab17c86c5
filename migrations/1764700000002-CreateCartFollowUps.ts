import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Abandoned-cart follow-ups: a per-site policy, and one row per abandoned cart (one open sequence per customer) that
 * is its whole life: scheduled, then an automatic e-mail or a manual task, cancelled by a purchase, and its outcome.
 */
export class CreateCartFollowUps1764700000002 implements MigrationInterface {
  name = 'CreateCartFollowUps1764700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL UNIQUE REFERENCES site (id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT true,
        inactivity_minutes integer NOT NULL,
        delay_hours integer NOT NULL,
        max_days integer NOT NULL,
        manual_above_amount numeric(14,2) NOT NULL,
        incentive_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cart_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL,
        visit_id uuid NOT NULL UNIQUE,
        visitor_id text NOT NULL,
        customer_id uuid NOT NULL,
        owner_advisor_id uuid,
        cart jsonb NOT NULL,
        cart_value numeric(14,2) NOT NULL,
        abandoned_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        mode text NOT NULL,
        manual_reason text,
        status text NOT NULL,
        skip_reason text,
        sent_at timestamptz,
        done_by_id uuid,
        done_at timestamptz,
        outcome text,
        recovered_amount numeric(14,2),
        recovered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cart_follow_up_due_idx ON cart_follow_up (due_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX cart_follow_up_open_idx ON cart_follow_up (abandoned_at) WHERE outcome IS NULL`);
    await q.query(`CREATE INDEX cart_follow_up_customer_idx ON cart_follow_up (customer_id, status)`);
    await q.query(`CREATE INDEX cart_follow_up_list_idx ON cart_follow_up (status, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cart_follow_up`);
    await q.query(`DROP TABLE follow_up_policy`);
  }
}
