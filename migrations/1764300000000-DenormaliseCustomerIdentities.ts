import { MigrationInterface, QueryRunner } from 'typeorm';

const IDENTITIES_OF_CUSTOMER = `(SELECT coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'value', i.value) ORDER BY i.created_at, i.id), '[]')
                                   FROM customer_identity i WHERE i.customer_id = c.id)`;

/**
 * Lookups read a profile with its identities in one row: `customer.identities` is a copy of the profile's
 * identities, kept by triggers whatever code writes them (creates, merges and their undo, erasure, tracking).
 * The identity index also carries the owner, so the lookup's first step never reads the identity table.
 */
export class DenormaliseCustomerIdentities1764300000000 implements MigrationInterface {
  name = 'DenormaliseCustomerIdentities1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customer ADD COLUMN identities jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`UPDATE customer c SET identities = ${IDENTITIES_OF_CUSTOMER} WHERE EXISTS (SELECT 1 FROM customer_identity i WHERE i.customer_id = c.id)`);

    // One refresh per statement, not per row. The profiles are locked first so that, read committed, the refresh
    // (a later statement, a later snapshot) sees identities another transaction committed meanwhile.
    await q.query(`
      CREATE FUNCTION refresh_customer_identities() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          ids := ARRAY(SELECT customer_id FROM changed UNION SELECT customer_id FROM changed_before);
        ELSE
          ids := ARRAY(SELECT DISTINCT customer_id FROM changed);
        END IF;
        PERFORM 1 FROM customer WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
        UPDATE customer c SET identities = ${IDENTITIES_OF_CUSTOMER} WHERE c.id = ANY(ids);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER customer_identity_inserted AFTER INSERT ON customer_identity REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_customer_identities()`);
    await q.query(
      `CREATE TRIGGER customer_identity_updated AFTER UPDATE ON customer_identity REFERENCING OLD TABLE AS changed_before NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_customer_identities()`,
    );
    await q.query(`CREATE TRIGGER customer_identity_deleted AFTER DELETE ON customer_identity REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_customer_identities()`);

    // Same name, so unique-violation handling is unchanged; the owner rides along for index-only lookups.
    await q.query(`ALTER TABLE customer_identity DROP CONSTRAINT customer_identity_kind_value_key`);
    await q.query(`ALTER TABLE customer_identity ADD CONSTRAINT customer_identity_kind_value_key UNIQUE (kind, value) INCLUDE (customer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customer_identity DROP CONSTRAINT customer_identity_kind_value_key`);
    await q.query(`ALTER TABLE customer_identity ADD CONSTRAINT customer_identity_kind_value_key UNIQUE (kind, value)`);
    for (const event of ['inserted', 'updated', 'deleted']) await q.query(`DROP TRIGGER customer_identity_${event} ON customer_identity`);
    await q.query(`DROP FUNCTION refresh_customer_identities()`);
    await q.query(`ALTER TABLE customer DROP COLUMN identities`);
  }
}
