import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { assertTestDatabase, templateDir } from './test-database';

/** Once per run: a migrated, empty database (PostgreSQL when DATABASE_URL is set, else an embedded template). */
export default async function globalSetup(): Promise<void> {
  // The e2e and browser projects share one template per run.
  if (process.env.RELAIS_TEST_DATABASE_READY) return;
  process.env.RELAIS_TEST_DATABASE_READY = 'true';
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    assertTestDatabase(databaseUrl);
    const config = loadConfig({ ...process.env, JWT_SECRET: 'x'.repeat(32) });
    const dataSource = await createDataSource(config);
    await dataSource.initialize();
    await dataSource.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
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
  if (process.env.REDIS_URL) {
    const redis = new Redis(process.env.REDIS_URL);
    const keys = await redis.keys('relais:*');
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}
