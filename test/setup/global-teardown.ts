import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { dropTestDatabases } from './postgres-test-databases';

/** Removes this run's database template and the e2e files' copies of it. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.RELAIS_TEST_TEMPLATE_DIR) rmSync(process.env.RELAIS_TEST_TEMPLATE_DIR, { recursive: true, force: true });
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await dropTestDatabases(admin, new URL(databaseUrl));
    await admin.end();
  }
}
