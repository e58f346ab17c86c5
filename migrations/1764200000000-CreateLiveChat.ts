import { MigrationInterface, QueryRunner } from 'typeorm';

/** Live chat with advisors: who has a conversation, offers and their outcomes, read receipts, ratings, left messages. */
export class CreateLiveChat1764200000000 implements MigrationInterface {
  name = 'CreateLiveChat1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversation
        ADD COLUMN advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        ADD COLUMN offered_to_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        ADD COLUMN offer_expires_at timestamptz,
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN visitor_read_seq bigint NOT NULL DEFAULT 0,
        ADD COLUMN advisor_read_seq bigint NOT NULL DEFAULT 0,
        ADD COLUMN closed_by text,
        ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5),
        ADD COLUMN rating_comment text`);
    await q.query(`CREATE INDEX conversation_advisor_state_idx ON conversation (advisor_id, state)`);
    await q.query(`CREATE INDEX conversation_offered_idx ON conversation (offered_to_id) WHERE offered_to_id IS NOT NULL`);

    // A per-conversation cursor: messages of one conversation are written under its row lock, so seq follows commit order.
    await q.query(`ALTER TABLE conversation_message ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY, ADD COLUMN advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX conversation_message_seq_idx ON conversation_message (conversation_id, seq)`);

    await q.query(`
      CREATE TABLE conversation_offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        advisor_id uuid NOT NULL REFERENCES advisor(id) ON DELETE CASCADE,
        outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
        note text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversation_offer_conversation_idx ON conversation_offer (conversation_id, advisor_id)`);

    await q.query(`
      CREATE TABLE follow_up_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES site(id) ON DELETE CASCADE,
        conversation_id uuid REFERENCES conversation(id) ON DELETE SET NULL,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        kind text NOT NULL,
        text text NOT NULL,
        email text,
        phone text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        done_by_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_task_status_idx ON follow_up_task (status, created_at, id)`);
    await q.query(`CREATE INDEX follow_up_task_customer_idx ON follow_up_task (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_up_task`);
    await q.query(`DROP TABLE conversation_offer`);
    await q.query(`ALTER TABLE conversation_message DROP COLUMN seq, DROP COLUMN advisor_id`);
    await q.query(`
      ALTER TABLE conversation
        DROP COLUMN advisor_id, DROP COLUMN offered_to_id, DROP COLUMN offer_expires_at, DROP COLUMN assigned_at,
        DROP COLUMN visitor_read_seq, DROP COLUMN advisor_read_seq, DROP COLUMN closed_by, DROP COLUMN rating, DROP COLUMN rating_comment`);
  }
}
