import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unanswered-question log says why the agent did not answer (off topic, near miss, low confidence) and,
 * after a clarifying question, which of the two topics the visitor chose: a phrasing confirmed by a visitor,
 * ready to become an example of that intent.
 */
export class AddUnansweredQuestionReasonAndChoice1796232681374 implements MigrationInterface {
  name = 'AddUnansweredQuestionReasonAndChoice1796232681374';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE unanswered_question ADD COLUMN fallback_reason text, ADD COLUMN chosen_intent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE unanswered_question DROP COLUMN chosen_intent, DROP COLUMN fallback_reason`);
  }
}
