import type { DataSource } from 'typeorm';

const BATCH = 5_000;

/** Retention: deletes `table` rows whose `column` is before `before`, in batches so a sweep never holds long locks. */
export async function deleteOlderThan(dataSource: DataSource, table: string, column: string, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const [, affected] = (await dataSource.query(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${column} < $1 LIMIT ${BATCH})`, [before])) as [unknown, number];
    total += affected ?? 0;
    if (!affected || affected < BATCH) return total;
  }
}
