// The profile store a customers benchmark reads: BENCH_CUSTOMERS profiles (1,000,000 by default) with 3 identities
// each, seeded in SQL (fast, and later runs reuse the rows), 100 of them with a timeline of 200 interactions, fresh
// pairs of profiles to merge, and the size of the tables and indexes.

import { setPriority } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { buildSearchText, normalizePhone } from '../src/customers/identity/identity-normalizer';

export const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS) || 1_000_000;
const BATCH = 500_000;
export const TIMELINE_CUSTOMERS = 100;
export const TIMELINE_LENGTH = 200;

// Names spread as a shop's do: 60 first names and 8,000 surnames of three syllables, picked from the bytes of the
// customer's id, so a search by first name and surname prefix finds a handful of people at 1M, tens at 10M.
const FIRST_NAMES = `anne,marie,julie,claire,emma,lea,chloe,camille,sarah,laura,manon,ines,lucie,pauline,alice,louise,jeanne,nina,elise,zoe,
  sophie,helene,celine,nathalie,isabelle,sandrine,valerie,karine,agnes,martine,louis,jules,hugo,lucas,arthur,paul,leo,adam,
  raphael,tom,nathan,theo,noah,ethan,victor,antoine,pierre,nicolas,julien,thomas,olivier,eric,pascal,laurent,michel,alain,
  bruno,denis,franck,marc`.split(/,\s*/);
const SYLLABLES = 'ber,du,mar,lan,ro,tin,fon,gar,le,chan,vi,mo,ri,den,bou,sa,cor,nel,pe,lou'.split(',');
const sqlArray = (words: string[]) => `ARRAY[${words.map((w) => `'${w}'`).join(',')}]`;
const SQL_BYTES = `decode(md5('bench:' || n), 'hex')`;
const SQL_NAME = `initcap((${sqlArray(FIRST_NAMES)})[1 + get_byte(b, 0) % ${FIRST_NAMES.length}] || ' ' ||
  (${sqlArray(SYLLABLES)})[1 + get_byte(b, 1) % 20] || (${sqlArray(SYLLABLES)})[1 + get_byte(b, 2) % 20] || (${sqlArray(SYLLABLES)})[1 + get_byte(b, 3) % 20])`;

// Customer n: a stable id (so identities can be inserted without reading ids back), an e-mail, a French mobile
// +336 00 00 00 01 .. +336 01 00 00 00 (all valid numbers) and a loyalty card. search_text is what buildSearchText
// writes for the same profile; checkSeedMatchesApp() compares them.
const SQL_ID = `md5('bench:' || n)::uuid`;
const SQL_DIGITS = `lpad(n::text, 8, '0')`;
const SQL_EMAIL = `'bench.' || n || '@example.com'`;

const SQL_PHONE = `'+336' || ${SQL_DIGITS}`;
const SQL_CARD = `'BENCH-' || n`;

// The identities column is the copy the triggers keep (oldest identity first); the seed writes it directly, as
// skipping triggers is what makes the seed fast, and spaces the identities' creation times to fix their order.
const INSERT_CUSTOMERS = `
  INSERT INTO customer (id, name, email, phone, locale, tags, search_text, identities)
  SELECT ${SQL_ID}, name, ${SQL_EMAIL}, ${SQL_PHONE}, 'fr', '{bench}',
         lower(name) || ' ' || ${SQL_EMAIL} || ' 336' || ${SQL_DIGITS} || ' 06' || ${SQL_DIGITS},
         jsonb_build_array(jsonb_build_object('kind', 'email', 'value', ${SQL_EMAIL}), jsonb_build_object('kind', 'phone', 'value', ${SQL_PHONE}),
                           jsonb_build_object('kind', 'loyalty_card', 'value', ${SQL_CARD}))
  FROM generate_series($1::int, $2::int) AS n, LATERAL (SELECT ${SQL_BYTES} AS b) AS bytes, LATERAL (SELECT ${SQL_NAME} AS name) AS named
  ON CONFLICT DO NOTHING`;

const INSERT_IDENTITIES = `
  INSERT INTO customer_identity (customer_id, kind, value, created_at)
  SELECT ${SQL_ID}, k.kind, CASE k.kind WHEN 'email' THEN ${SQL_EMAIL} WHEN 'phone' THEN ${SQL_PHONE} ELSE ${SQL_CARD} END,
         now() + k.rank * interval '1 millisecond'
  FROM (VALUES ('email', 0), ('phone', 1), ('loyalty_card', 2)) AS k(kind, rank) CROSS JOIN generate_series($1::int, $2::int) AS n
  ON CONFLICT DO NOTHING`;

export const digits8 = (n: number) => String(n).padStart(8, '0');
const pairs = (n: number) => digits8(n).match(/../g)!;

/** The ways a till or a CRM sends the same mobile number. */
export const PHONE_FORMATS: ((n: number) => string)[] = [
  (n) => `06 ${pairs(n).join(' ')}`,
  (n) => `06${digits8(n)}`,
  (n) => `+336${digits8(n)}`,
  (n) => `+33 6 ${pairs(n).join(' ')}`,
  (n) => `0033 6${digits8(n)}`,
  (n) => `06.${pairs(n).join('.')}`,
];

async function countSeeded(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM customer WHERE tags @> '{bench}'`);
  return count;
}

/**
 * Inserts the missing bench profiles. Into empty tables, in one transaction that drops the tables' indexes and
 * constraints and builds them again at the end, which is much faster than keeping them up to date row by row; an
 * interrupted seed leaves nothing. Otherwise one transaction per batch, so a partial seed resumes.
 */
export async function seedProfiles(dataSource: DataSource): Promise<void> {
  const already = await countSeeded(dataSource);
  if (already === CUSTOMERS) {
    console.log(`Seed: ${CUSTOMERS.toLocaleString('en')} bench profiles already present.`);
  } else {
    const bulk = already === 0;
    console.log(
      `Seed: ${already.toLocaleString('en')} bench profiles present, inserting up to ${CUSTOMERS.toLocaleString('en')} with 3 identities each${bulk ? ', indexes built at the end' : ''}...`,
    );
    const started = performance.now();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Losing the last batches in a crash is fine for bench data; waiting for each WAL flush is not.
      await runner.query('SET synchronous_commit = off');
      await runner.query(`SET maintenance_work_mem = '1GB'`);
      // The identities reference customers inserted a statement earlier, so the per-row foreign-key checks (most of
      // the identity insert time) prove nothing here. Only a superuser may skip them; others just wait longer.
      await runner.query('SET session_replication_role = replica').catch(() => undefined);
      await yieldToOthers(runner);
      const inBatches = async (each: (from: number, to: number) => Promise<void>) => {
        for (let from = already + 1; from <= CUSTOMERS; from += BATCH) {
          const to = Math.min(from + BATCH - 1, CUSTOMERS);
          const batchStarted = performance.now();
          await each(from, to);
          console.log(`  ${to.toLocaleString('en').padStart(10)} / ${CUSTOMERS.toLocaleString('en')}  (${seconds(performance.now() - batchStarted)})`);
        }
      };
      const insert = async (from: number, to: number) => {
        await runner.query(INSERT_CUSTOMERS, [from, to]);
        await runner.query(INSERT_IDENTITIES, [from, to]);
      };
      if (bulk) await inTransaction(runner, () => withoutIndexes(runner, () => inBatches(insert)));
      else await inBatches((from, to) => inTransaction(runner, () => insert(from, to)));
    } finally {
      await runner.release();
    }
    console.log(`Seed: done in ${seconds(performance.now() - started)}.`);
  }
  // As autovacuum would, in time: statistics, and the visibility map that lets lookups skip the identity table.
  const started = performance.now();
  await dataSource.query('VACUUM ANALYZE customer, customer_identity');
  console.log(`VACUUM ANALYZE: ${seconds(performance.now() - started)}.`);
}

/** The seed's PostgreSQL backend runs niced, as a heavy command should on shared cores (when allowed to renice it). */
async function yieldToOthers(runner: QueryRunner): Promise<void> {
  const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
  try {
    setPriority(pid, 10);
  } catch {
    // Not the database server's owner nor root: the seed just competes at normal priority.
  }
}

async function inTransaction(runner: QueryRunner, work: () => Promise<void>): Promise<void> {
  await runner.startTransaction();
  try {
    await work();
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/**
 * Runs `work` with the profile tables' indexes and constraints dropped (foreign keys that point at them included), then
 * restores them as they were: sorting once is much cheaper than keeping tens of millions of random keys in order.
 */
async function withoutIndexes(runner: QueryRunner, work: () => Promise<void>): Promise<void> {
  const tables = `('customer'::regclass, 'customer_identity'::regclass)`;
  const constraints: { table: string; name: string; definition: string }[] = await runner.query(
    `SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE contype IN ('p', 'u', 'f') AND (conrelid IN ${tables} OR confrelid IN ${tables}) ORDER BY contype = 'f' DESC`,
  );
  const indexes: { name: string; definition: string }[] = await runner.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
      WHERE i.indrelid IN ${tables} AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
  );
  for (const { table, name } of constraints) await runner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
  for (const { name } of indexes) await runner.query(`DROP INDEX ${name}`);
  await work();
  const timed = async (what: string, sql: string) => {
    const started = performance.now();
    await runner.query(sql);
    console.log(`  ${what} in ${seconds(performance.now() - started)}`);
  };
  // Keys before the foreign keys that need them.
  for (const { table, name, definition } of [...constraints].reverse()) await timed(`${table} ${name} restored`, `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${definition}`);
  for (const { name, definition } of indexes) await timed(`index ${name} built`, definition);
}

export async function checkSeedMatchesApp(dataSource: DataSource): Promise<void> {
  const n = Math.min(123_456, CUSTOMERS);
  const [row] = await dataSource.query(`SELECT name, search_text FROM customer WHERE id = md5('bench:' || $1::int)::uuid`, [n]);
  const identities = await dataSource.query(`SELECT kind, value FROM customer_identity WHERE customer_id = md5('bench:' || $1::int)::uuid ORDER BY kind`, [n]);
  const expected = buildSearchText(row.name, [
    { kind: 'email', value: `bench.${n}@example.com` },
    { kind: 'phone', value: normalizePhone(`+336${digits8(n)}`) },
  ]);
  if (row.search_text !== expected) throw new Error(`Seeded search_text "${row.search_text}" differs from the app's "${expected}"`);
  for (const format of PHONE_FORMATS) {
    if (normalizePhone(format(n)) !== `+336${digits8(n)}`) throw new Error(`"${format(n)}" does not normalise to the seeded phone`);
  }
  if (identities.length !== 3) throw new Error(`Bench customer ${n} has ${identities.length} identities, expected 3`);
  const [copy] = await dataSource.query(
    `SELECT c.identities = (SELECT jsonb_agg(jsonb_build_object('kind', i.kind, 'value', i.value) ORDER BY i.created_at, i.id) FROM customer_identity i WHERE i.customer_id = c.id) AS same
       FROM customer c WHERE c.id = md5('bench:' || $1::int)::uuid`,
    [n],
  );
  if (!copy.same) throw new Error(`Bench customer ${n}: the seeded identities column differs from what the triggers would keep`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The names of bench customers n, to search them as a till would. */
export async function namesOf(dataSource: DataSource, ns: number[]): Promise<Map<number, string>> {
  const rows: { n: number; name: string }[] = await dataSource.query(`SELECT n, c.name FROM unnest($1::int[]) AS n JOIN customer c ON c.id = ${SQL_ID}`, [ns]);
  return new Map(rows.map((r) => [r.n, r.name]));
}

/** Bench customers 1..TIMELINE_CUSTOMERS get TIMELINE_LENGTH interactions each (once), an hour apart, across channels. */
export async function seedTimelines(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `INSERT INTO interaction (customer_id, channel, type, occurred_at, summary, amount, data)
     SELECT ${SQL_ID}, (ARRAY['web','mobile','store','phone','email','chat'])[1 + k % 6], (ARRAY['page_view','store_visit','call','purchase','message'])[1 + k % 5],
            now() - k * interval '1 hour', 'Bench interaction ' || k, CASE WHEN k % 5 = 3 THEN 20 + k END, jsonb_build_object('sku', 'tv-' || k)
       FROM generate_series(1, $1::int) AS n CROSS JOIN generate_series(1, $2::int) AS k
      WHERE NOT EXISTS (SELECT 1 FROM interaction i WHERE i.customer_id = ${SQL_ID})`,
    [TIMELINE_CUSTOMERS, TIMELINE_LENGTH],
  );
}

/** A bench customer's id, as seeded. */
export async function customerIds(dataSource: DataSource, ns: number[]): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(`SELECT ${SQL_ID}::text AS id FROM unnest($1::int[]) WITH ORDINALITY AS t(n, o) ORDER BY o`, [ns]);
  return rows.map((r) => r.id);
}

const MERGE_TAG = 'benchmerge';

/**
 * `count` fresh pairs of profiles to merge, each with an e-mail, the source with a loyalty card and 5 interactions,
 * written as the app writes them (identity triggers on). Earlier pairs are removed first (everything cascades).
 */
export async function createMergePairs(dataSource: DataSource, count: number): Promise<{ targetId: string; sourceId: string }[]> {
  await removeMergePairs(dataSource);
  const id = (role: string) => `md5('${MERGE_TAG}:${role}:' || k)::uuid`;
  await dataSource.transaction(async (m) => {
    for (const role of ['target', 'source']) {
      await m.query(
        `INSERT INTO customer (id, name, email, locale, tags, search_text)
         SELECT ${id(role)}, 'Merge ${role} ' || k, 'merge.${role}.' || k || '@example.com', 'fr', '{${MERGE_TAG}}', 'merge ${role} ' || k || ' merge.${role}.' || k || '@example.com'
           FROM generate_series(1, $1::int) AS k`,
        [count],
      );
      await m.query(
        `INSERT INTO customer_identity (customer_id, kind, value) SELECT ${id(role)}, 'email', 'merge.${role}.' || k || '@example.com' FROM generate_series(1, $1::int) AS k`,
        [count],
      );
    }
    await m.query(`INSERT INTO customer_identity (customer_id, kind, value) SELECT ${id('source')}, 'loyalty_card', 'MERGE-' || k FROM generate_series(1, $1::int) AS k`, [count]);
    await m.query(
      `INSERT INTO interaction (customer_id, channel, type, occurred_at) SELECT ${id('source')}, 'store', 'store_visit', now() - j * interval '1 day'
         FROM generate_series(1, $1::int) AS k CROSS JOIN generate_series(1, 5) AS j`,
      [count],
    );
  });
  const rows: { targetId: string; sourceId: string }[] = await dataSource.query(
    `SELECT ${id('target')}::text AS "targetId", ${id('source')}::text AS "sourceId" FROM generate_series(1, $1::int) AS k ORDER BY k`,
    [count],
  );
  return rows;
}

/**
 * Removes the merge pairs and what points at them. Deleting customers the plain way would have PostgreSQL look for
 * rows pointing at each one through every foreign key, and `customer.merged_into_id` has no index: one scan of the
 * whole customer table per deleted row (minutes at 1M). The rows that can point at these profiles are deleted
 * first, then the profiles with those checks off.
 */
export async function removeMergePairs(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query(`CREATE TEMPORARY TABLE merge_pair ON COMMIT DROP AS SELECT id FROM customer WHERE tags @> '{${MERGE_TAG}}'`);
    for (const [table, column] of [
      ['customer_merge', 'target_id'],
      ['customer_merge', 'source_id'],
      ['interaction', 'customer_id'],
      ['customer_identity', 'customer_id'],
      ['profile_access', 'customer_id'],
    ]) {
      await m.query(`DELETE FROM ${table} WHERE ${column} IN (SELECT id FROM merge_pair)`);
    }
    await m.query('SET LOCAL session_replication_role = replica');
    await m.query(`DELETE FROM customer WHERE id IN (SELECT id FROM merge_pair)`);
  });
}

/** Rows, table and index sizes of the profile store. */
export async function printSizes(dataSource: DataSource, print: (header: string[], rows: (string | number)[][]) => void): Promise<void> {
  const rows: { relation: string; rows: string; table: string; indexes: string; detail: string }[] = await dataSource.query(
    `SELECT c.relname AS relation, c.reltuples::bigint AS rows, pg_size_pretty(pg_table_size(c.oid)) AS table, pg_size_pretty(pg_indexes_size(c.oid)) AS indexes,
            (SELECT string_agg(i.relname || ' ' || pg_size_pretty(pg_relation_size(i.oid)), ', ' ORDER BY pg_relation_size(i.oid) DESC)
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid) AS detail
       FROM pg_class c WHERE c.relname IN ('customer', 'customer_identity', 'interaction', 'profile_access') ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  print(
    ['table', 'rows (est.)', 'table size', 'indexes', 'each index'],
    rows.map((r) => [r.relation, Number(r.rows).toLocaleString('en'), r.table, r.indexes, r.detail]),
  );
}
