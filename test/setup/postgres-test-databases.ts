import type { Client } from 'pg';

/**
 * The PostgreSQL databases a test run creates beside the one DATABASE_URL names (which must say "test"): a migrated
 * template, and a copy of it per e2e file, so that files never see each other's rows (chats left waiting, rules,
 * advisors online) and run in any order.
 */
const baseName = (url: URL) => url.pathname.slice(1);
export const templateDatabaseName = (url: URL) => `${baseName(url)}_template`;
const fileDatabasePrefix = (url: URL) => `${baseName(url)}_file_`;
export const fileDatabaseName = (url: URL, suffix: string) => `${fileDatabasePrefix(url)}${suffix}`;

export function withDatabase(url: URL, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/** Drops the template and every file database of this run or an interrupted one. */
export async function dropTestDatabases(admin: Client, url: URL): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`, [
    templateDatabaseName(url),
    fileDatabasePrefix(url),
  ]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
}
