import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targeting decisions as they were made: a row per rule that matched and was shown, held out or refused in an event
 * batch, with the facts and each condition's value at that moment. Written in the batch's own statement; erased with
 * the visit; older rows go after the retention period.
 */
export class CreateTargetingDecisions1764700000001 implements MigrationInterface {
  name = 'CreateTargetingDecisions1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE targeting_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_id uuid NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
        rule_id uuid NOT NULL,
        outcome text NOT NULL,
        action text,
        reason text,
        facts jsonb NOT NULL,
        conditions jsonb NOT NULL,
        decided_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX targeting_decision_visit_idx ON targeting_decision (visit_id, decided_at)`);
    await q.query(`CREATE INDEX targeting_decision_decided_at_idx ON targeting_decision (decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE targeting_decision`);
  }
}
