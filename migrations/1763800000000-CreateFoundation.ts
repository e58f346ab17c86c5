import { MigrationInterface, QueryRunner } from 'typeorm';

/** Advisors, stores, credentials, the unified customer profile and its audit trail. */
export class CreateFoundation1763800000000 implements MigrationInterface {
  name = 'CreateFoundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE store (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        address text NOT NULL,
        postcode text NOT NULL,
        city text NOT NULL,
        country text NOT NULL DEFAULT 'FR',
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        phone text,
        email text,
        time_zone text NOT NULL DEFAULT 'Europe/Paris',
        opening_hours jsonb NOT NULL DEFAULT '{}',
        closures jsonb NOT NULL DEFAULT '[]',
        services text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX store_postcode_idx ON store (postcode)`);

    await q.query(`
      CREATE TABLE advisor (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        skills text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{fr}',
        channels text[] NOT NULL DEFAULT '{chat}',
        store_id uuid REFERENCES store(id) ON DELETE SET NULL,
        max_concurrent_chats integer NOT NULL DEFAULT 3,
        presence text NOT NULL DEFAULT 'offline',
        presence_changed_at timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX advisor_store_idx ON advisor (store_id)`);
    await q.query(`CREATE INDEX advisor_presence_idx ON advisor (presence) WHERE disabled_at IS NULL`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        created_by uuid,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE site (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        site_key text NOT NULL UNIQUE,
        identity_secret text NOT NULL,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text,
        email text,
        phone text,
        locale text,
        consents jsonb NOT NULL DEFAULT '{}',
        attributes jsonb NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        preferred_store_id uuid REFERENCES store(id) ON DELETE SET NULL,
        owner_advisor_id uuid REFERENCES advisor(id) ON DELETE SET NULL,
        lifetime_value numeric(14,2) NOT NULL DEFAULT 0,
        order_count integer NOT NULL DEFAULT 0,
        search_text text NOT NULL DEFAULT '',
        merged_into_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_search_idx ON customer USING gin (search_text gin_trgm_ops)`);
    await q.query(`CREATE INDEX customer_owner_idx ON customer (owner_advisor_id)`);

    await q.query(`
      CREATE TABLE customer_identity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        kind text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT customer_identity_kind_value_key UNIQUE (kind, value)
      )`);
    await q.query(`CREATE INDEX customer_identity_customer_idx ON customer_identity (customer_id)`);

    await q.query(`
      CREATE TABLE interaction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        channel text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        summary text,
        amount numeric(14,2),
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX interaction_timeline_idx ON interaction (customer_id, occurred_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE customer_merge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        moved jsonb NOT NULL,
        target_before jsonb NOT NULL,
        performed_by text NOT NULL,
        undone_at timestamptz,
        undone_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_merge_target_idx ON customer_merge (target_id)`);

    await q.query(`
      CREATE TABLE consent_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        consent text NOT NULL,
        granted boolean NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX consent_event_customer_idx ON consent_event (customer_id, created_at)`);

    await q.query(`
      CREATE TABLE profile_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        actor_type text NOT NULL,
        actor_id uuid NOT NULL,
        actor_label text NOT NULL,
        action text NOT NULL,
        route text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX profile_access_customer_idx ON profile_access (customer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX profile_access_time_idx ON profile_access (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['profile_access', 'consent_event', 'customer_merge', 'interaction', 'customer_identity', 'customer', 'site', 'api_key', 'advisor', 'store']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
