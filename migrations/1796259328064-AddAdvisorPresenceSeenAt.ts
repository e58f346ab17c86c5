import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an advisor's presence was last confirmed: a console socket open on any instance touches it, setting the
 * presence does too. An advisor not seen for the grace period goes offline, whichever instance notices.
 */
export class AddAdvisorPresenceSeenAt1796259328064 implements MigrationInterface {
  name = 'AddAdvisorPresenceSeenAt1796259328064';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE advisor ADD COLUMN presence_seen_at timestamptz`);
    await q.query(`UPDATE advisor SET presence_seen_at = now() WHERE presence <> 'offline'`);
    await q.query(`CREATE INDEX advisor_present_seen_idx ON advisor (presence_seen_at) WHERE presence <> 'offline'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX advisor_present_seen_idx`);
    await q.query(`ALTER TABLE advisor DROP COLUMN presence_seen_at`);
  }
}
