import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the engagement report (`GET /api/v1/analytics/engagement`): purchases by time without reading every
 * tracking event of the period, the proposals shown to one visitor before a purchase (the accepted ones already
 * have `targeting_action_visitor_idx`), and appointments by booking time.
 */
export class IndexEngagementAnalytics1796240000000 implements MigrationInterface {
  name = 'IndexEngagementAnalytics1796240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX visit_event_purchase_received_idx ON visit_event (received_at) WHERE type = 'purchase'`);
    await q.query(`CREATE INDEX targeting_action_visitor_shown_idx ON targeting_action (site_id, visitor_id, shown_at) WHERE NOT control`);
    await q.query(`CREATE INDEX appointment_created_idx ON appointment (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointment_created_idx`);
    await q.query(`DROP INDEX targeting_action_visitor_shown_idx`);
    await q.query(`DROP INDEX visit_event_purchase_received_idx`);
  }
}
