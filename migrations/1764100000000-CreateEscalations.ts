import { MigrationInterface, QueryRunner } from 'typeorm';

/** Teams' business hours, scheduled callbacks, click-to-call requests, store appointments and requests, and the mail outbox. */
export class CreateEscalations1764100000000 implements MigrationInterface {
  name = 'CreateEscalations1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'Europe/Paris',
        hours jsonb NOT NULL DEFAULT '{}',
        closures jsonb NOT NULL DEFAULT '[]',
        slot_minutes integer NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 240),
        slot_capacity integer NOT NULL DEFAULT 2 CHECK (slot_capacity BETWEEN 0 AND 500),
        promise_minutes integer NOT NULL DEFAULT 30 CHECK (promise_minutes BETWEEN 5 AND 1440),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The two teams every install has; their hours are edited with PATCH /api/v1/teams/{key}.
    const hours = JSON.stringify({ '1': [['09:00', '19:00']], '2': [['09:00', '19:00']], '3': [['09:00', '19:00']], '4': [['09:00', '19:00']], '5': [['09:00', '19:00']], '6': [['10:00', '18:00']] });
    await q.query(`INSERT INTO team (key, name, hours) VALUES ('phone', 'Phone team', $1), ('chat', 'Chat team', $1)`, [hours]);

    await q.query(`
      CREATE TABLE callback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid REFERENCES site(id) ON DELETE SET NULL,
        visit_id uuid,
        visitor_id text,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        conversation_id uuid,
        phone text,
        email text,
        note text,
        slot_start timestamptz NOT NULL,
        slot_end timestamptz NOT NULL,
        promised_by timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'booked',
        due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        assigned_at timestamptz,
        outcome text,
        outcome_log jsonb NOT NULL DEFAULT '[]',
        first_outcome_at timestamptz,
        closed_at timestamptz,
        late_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX callback_slot_idx ON callback (slot_start)`);
    await q.query(`CREATE INDEX callback_queue_idx ON callback (status, due_at, id)`);
    await q.query(`CREATE INDEX callback_advisor_idx ON callback (advisor_id, status)`);
    await q.query(`CREATE INDEX callback_customer_idx ON callback (customer_id)`);
    await q.query(`CREATE INDEX callback_open_promise_idx ON callback (promised_by) WHERE first_outcome_at IS NULL AND late_at IS NULL`);

    await q.query(`
      CREATE TABLE call_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid REFERENCES site(id) ON DELETE SET NULL,
        visit_id uuid,
        visitor_id text,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        conversation_id uuid,
        phone text,
        status text NOT NULL DEFAULT 'waiting',
        advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        taken_at timestamptz,
        outcome text,
        outcome_note text,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX call_request_queue_idx ON call_request (status, created_at, id)`);
    await q.query(`CREATE INDEX call_request_customer_idx ON call_request (customer_id)`);

    await q.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        store_id uuid NOT NULL REFERENCES store(id) ON DELETE CASCADE,
        advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        skill text,
        slot_start timestamptz NOT NULL,
        slot_end timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'booked',
        site_id uuid REFERENCES site(id) ON DELETE SET NULL,
        visit_id uuid,
        visitor_id text,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        conversation_id uuid,
        email text,
        phone text,
        outcome_note text,
        reminder_due_at timestamptz,
        reminder_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One advisor, one booked appointment per slot: the last guard against a double booking.
    await q.query(`CREATE UNIQUE INDEX appointment_advisor_slot_key ON appointment (advisor_id, slot_start) WHERE status = 'booked'`);
    await q.query(`CREATE INDEX appointment_store_slot_idx ON appointment (store_id, slot_start, id)`);
    await q.query(`CREATE INDEX appointment_customer_idx ON appointment (customer_id)`);
    await q.query(`CREATE INDEX appointment_reminder_idx ON appointment (reminder_due_at) WHERE reminder_sent_at IS NULL AND status = 'booked'`);

    await q.query(`
      CREATE TABLE store_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        store_id uuid NOT NULL REFERENCES store(id) ON DELETE CASCADE,
        site_id uuid REFERENCES site(id) ON DELETE SET NULL,
        visit_id uuid,
        visitor_id text,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        conversation_id uuid,
        name text,
        email text,
        phone text,
        note text,
        status text NOT NULL DEFAULT 'waiting',
        advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        taken_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX store_request_queue_idx ON store_request (store_id, status, created_at, id)`);
    await q.query(`CREATE INDEX store_request_customer_idx ON store_request (customer_id)`);

    await q.query(`
      CREATE TABLE outbox_mail (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_mail_to_idx ON outbox_mail (to_address, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX outbox_mail_created_idx ON outbox_mail (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX outbox_mail_queued_idx ON outbox_mail (updated_at) WHERE status = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_mail', 'store_request', 'appointment', 'call_request', 'callback', 'team']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
