import { MigrationInterface, QueryRunner } from 'typeorm';

/** Bot conversations with their messages, "did this help?" feedback, and the virtual agent's unanswered-question log. */
export class CreateConversations1763900000000 implements MigrationInterface {
  name = 'CreateConversations1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES site(id) ON DELETE CASCADE,
        visit_id uuid,
        visitor_id text NOT NULL,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        locale text NOT NULL,
        state text NOT NULL DEFAULT 'bot',
        consecutive_fallbacks integer NOT NULL DEFAULT 0,
        last_intent text,
        escalation_route text,
        escalation_skill text,
        escalation_reason text,
        escalated_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversation_created_idx ON conversation (created_at, id)`);
    await q.query(`CREATE INDEX conversation_state_created_idx ON conversation (state, created_at, id)`);
    await q.query(`CREATE INDEX conversation_visitor_idx ON conversation (site_id, visitor_id)`);
    await q.query(`CREATE INDEX conversation_visit_idx ON conversation (visit_id)`);
    await q.query(`CREATE INDEX conversation_customer_idx ON conversation (customer_id)`);

    await q.query(`
      CREATE TABLE conversation_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        author text NOT NULL,
        text text NOT NULL,
        intent text,
        confidence real,
        action text,
        quick_replies jsonb,
        -- clock_timestamp: a visitor message and the bot reply inserted in one transaction keep their order
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversation_message_conversation_idx ON conversation_message (conversation_id, created_at, id)`);

    await q.query(`
      CREATE TABLE answer_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL UNIQUE REFERENCES conversation_message(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        intent text,
        helpful boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX answer_feedback_conversation_idx ON answer_feedback (conversation_id)`);
    await q.query(`CREATE INDEX answer_feedback_intent_idx ON answer_feedback (intent, helpful)`);

    await q.query(`
      CREATE TABLE unanswered_question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        text text NOT NULL,
        locale text NOT NULL,
        action text NOT NULL,
        best_guess text,
        confidence real NOT NULL,
        conversation_id uuid REFERENCES conversation(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX unanswered_question_created_idx ON unanswered_question (created_at, id)`);
    await q.query(`CREATE INDEX unanswered_question_locale_created_idx ON unanswered_question (locale, created_at, id)`);
    await q.query(`CREATE INDEX unanswered_question_conversation_idx ON unanswered_question (conversation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unanswered_question`);
    await q.query(`DROP TABLE answer_feedback`);
    await q.query(`DROP TABLE conversation_message`);
    await q.query(`DROP TABLE conversation`);
  }
}
