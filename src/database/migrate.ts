import { loadConfig } from '../config/app-config';
import { createDataSource } from './data-source';

/** `npm run migration:run`: applies pending migrations to the configured database, then exits. */
async function main(): Promise<void> {
  const dataSource = await createDataSource(loadConfig());
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'Database schema is up to date.');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
