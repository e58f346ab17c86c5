import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';

type PGliteInstance = { close(): Promise<void> };

/** A DataSource that also closes its embedded PGlite engine, so the process (and the CLI) can exit. */
class EmbeddedDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly engine: PGliteInstance,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    await this.engine.close();
  }
}

/** A request waits at most this for a PostgreSQL connection, so an outage answers 503 quickly instead of hanging. */
const CONNECT_TIMEOUT_MS = 3_000;

const migrations = [join(__dirname, '../../migrations/*.{ts,js}')];

/** The one DataSource factory used by the app, the migration command and the tests. */
export async function createDataSource(config: AppConfig, entities: DataSourceOptions['entities'] = []): Promise<DataSource> {
  const shared = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'migration',
    synchronize: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
  };
  if (config.database.kind === 'postgres') {
    // JIT off: Relais runs short statements, and a plan whose estimate crosses `jit_above_cost` (the event batch
    // read does once the event table is large) would compile for tens of milliseconds on every execution.
    return new DataSource({ ...shared, url: config.database.url, poolSize: 20, extra: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, options: '-c jit=off' } });
  }
  mkdirSync(dirname(config.database.dataDir), { recursive: true });
  // PGlite ships as ESM; load it lazily so PostgreSQL deployments never pay for the WASM engine.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const engine = await PGlite.create({ dataDir: config.database.dataDir, extensions: { pg_trgm } });
  // One session only: a second pooled connection would share it and break isolation.
  const extra = { ...createPgConfig(engine), idleTimeoutMillis: 0, connectionTimeoutMillis: 10_000 };
  return new EmbeddedDataSource({ ...shared, poolSize: 1, extra }, engine);
}
