import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** A name per distinct text: PostgreSQL refuses to prepare another text under a name a connection already holds. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 100) names.clear();
    name = `relais_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot statement as a named prepared statement on a pooled connection, outside any transaction:
 * PostgreSQL parses and plans it once per connection instead of on every call.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const [client, release] = (await (dataSource.driver as PostgresDriver).obtainMasterConnection()) as [PgClient, () => void];
  try {
    return (await client.query({ name: nameOf(text), text, values })).rows as T[];
  } finally {
    release();
  }
}
