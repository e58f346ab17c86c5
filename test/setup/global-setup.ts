import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { dropTestDatabases, templateDatabaseName, withDatabase } from './postgres-test-databases';
import { assertTestDatabase, templateDir } from './test-database';

/** Once per run: a migrated, empty template database (PostgreSQL when DATABASE_URL is set, else embedded) that each e2e file copies. */
export default async function globalSetup(): Promise<void> {
  // The e2e and browser projects share one template per run.
  if (process.env.RELAIS_TEST_DATABASE_READY) return;
  process.env.RELAIS_TEST_DATABASE_READY = 'true';
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    assertTestDatabase(databaseUrl);
    const url = new URL(databaseUrl);
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await dropTestDatabases(admin, url);
    await admin.query(`CREATE DATABASE "${templateDatabaseName(url)}"`);
    await admin.end();
    const config = loadConfig({ ...process.env, DATABASE_URL: withDatabase(url, templateDatabaseName(url)), JWT_SECRET: 'x'.repeat(32) });
    const dataSource = await createDataSource(config);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
  } else {
    // Test workers inherit this variable, so concurrent runs never share a template.
    process.env.RELAIS_TEST_TEMPLATE_DIR = templateDir();
    rmSync(process.env.RELAIS_TEST_TEMPLATE_DIR, { recursive: true, force: true });
    const dataSource = await createDataSource(loadConfig({ RELAIS_DATA_DIR: process.env.RELAIS_TEST_TEMPLATE_DIR, JWT_SECRET: 'x'.repeat(32) }));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
  }
}
