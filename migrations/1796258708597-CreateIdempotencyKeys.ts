import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of the widget's POSTs (`Idempotency-Key`): a retried booking answers the first response instead
 * of booking twice. Scoped per site and visitor; a key lives 24 hours, then the sweep deletes it.
 */
export class CreateIdempotencyKeys1796258708597 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1796258708597';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        site_id uuid NOT NULL REFERENCES site (id) ON DELETE CASCADE,
        visitor_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        response_status integer,
        response_body jsonb,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX idempotency_key_scope_idx ON idempotency_key (site_id, visitor_id, key)`);
    await q.query(`CREATE INDEX idempotency_key_expires_at_idx ON idempotency_key (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
