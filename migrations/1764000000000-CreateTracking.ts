import { MigrationInterface, QueryRunner } from 'typeorm';

/** Visits with their context, raw tracking events, targeting rules, the actions shown to visitors and rule counters. */
export class CreateTracking1764000000000 implements MigrationInterface {
  name = 'CreateTracking1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES site(id) ON DELETE CASCADE,
        visitor_id text NOT NULL,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        visit_number integer NOT NULL DEFAULT 1,
        started_at timestamptz NOT NULL,
        last_event_at timestamptz NOT NULL,
        landing_url text NOT NULL,
        referrer text,
        referrer_source text NOT NULL DEFAULT 'direct',
        country text,
        device_type text NOT NULL DEFAULT 'desktop',
        event_count integer NOT NULL DEFAULT 0,
        purchased_at timestamptz,
        context jsonb NOT NULL DEFAULT '{}',
        targeting jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_visitor_idx ON visit (site_id, visitor_id, started_at DESC)`);
    await q.query(`CREATE INDEX visit_customer_idx ON visit (customer_id) WHERE customer_id IS NOT NULL`);
    await q.query(`CREATE INDEX visit_started_idx ON visit (started_at, id)`);

    await q.query(`
      CREATE TABLE visit_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
        client_event_id text,
        type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        client_at timestamptz,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX visit_event_client_id_key ON visit_event (visit_id, client_event_id) WHERE client_event_id IS NOT NULL`);
    await q.query(`CREATE INDEX visit_event_visit_idx ON visit_event (visit_id, received_at)`);
    await q.query(`CREATE INDEX visit_event_received_idx ON visit_event (received_at)`);

    await q.query(`
      CREATE TABLE targeting_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        priority integer NOT NULL DEFAULT 0,
        conditions jsonb NOT NULL,
        action jsonb NOT NULL,
        fallback_action jsonb,
        requires_advisor jsonb,
        schedule jsonb,
        control_group_percent double precision,
        frequency jsonb,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX targeting_rule_list_idx ON targeting_rule (created_at, id) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE targeting_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_id uuid REFERENCES visit(id) ON DELETE SET NULL,
        site_id uuid NOT NULL,
        visitor_id text,
        rule_id uuid NOT NULL,
        type text NOT NULL,
        proactive boolean NOT NULL,
        fallback boolean NOT NULL DEFAULT false,
        control boolean NOT NULL DEFAULT false,
        message text,
        offer jsonb,
        shown_at timestamptz NOT NULL,
        response text,
        responded_at timestamptz,
        converted_at timestamptz,
        conversion_amount numeric(14,2),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX targeting_action_visit_idx ON targeting_action (visit_id, shown_at)`);
    await q.query(`CREATE INDEX targeting_action_visitor_idx ON targeting_action (site_id, visitor_id, responded_at) WHERE response = 'accepted'`);
    await q.query(`CREATE INDEX targeting_action_shown_idx ON targeting_action (shown_at, rule_id)`);
    // A visit is held out of a rule once, however many batches match it again.
    await q.query(`CREATE UNIQUE INDEX targeting_action_control_key ON targeting_action (visit_id, rule_id) WHERE control`);

    await q.query(`
      CREATE TABLE targeting_counter (
        day date NOT NULL,
        rule_id uuid NOT NULL,
        action_type text NOT NULL,
        evaluated bigint NOT NULL DEFAULT 0,
        matched bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, rule_id, action_type)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['targeting_counter', 'targeting_action', 'targeting_rule', 'visit_event', 'visit']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
