import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  const dataDir = { RELAIS_DATA_DIR: '.tmp/config-spec' };

  it('defaults to the embedded database with demo data and in-process jobs', () => {
    const config = loadConfig({ ...dataDir });
    expect(config).toMatchObject({ port: 3000, database: { kind: 'embedded' }, demo: true, redisUrl: undefined, runJobs: true });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ ...dataDir, PORT: '4000' }).jwtSecret).toBe(config.jwtSecret);
  });

  it('uses PostgreSQL and turns demo data off when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/relais', JWT_SECRET: 's'.repeat(32) });
    expect(config).toMatchObject({ database: { kind: 'postgres', url: 'postgres://u@db:5432/relais' }, demo: false });
  });

  it('keeps demo data with its well-known credentials to the embedded database: refused on PostgreSQL unless forced, then with random ones', () => {
    const postgres = { DATABASE_URL: 'postgres://u@db:5432/relais', JWT_SECRET: 's'.repeat(32) };
    expect(loadConfig({ ...dataDir }).demoMode).toBe('well-known');
    expect(loadConfig({ ...dataDir, RELAIS_DEMO: 'false' })).toMatchObject({ demo: false, demoMode: 'off' });
    expect(loadConfig({ ...postgres })).toMatchObject({ demo: false, demoMode: 'off' });
    expect(loadConfig({ ...postgres, RELAIS_DEMO: 'true' })).toMatchObject({ demo: false, demoMode: 'refused' });
    expect(loadConfig({ ...postgres, RELAIS_DEMO: 'true', RELAIS_DEMO_FORCE: 'true' })).toMatchObject({ demo: true, demoMode: 'random' });
    expect(loadConfig({ ...postgres, RELAIS_DEMO_FORCE: 'true' })).toMatchObject({ demo: false, demoMode: 'off' });
    expect(() => loadConfig({ ...dataDir, RELAIS_DEMO_FORCE: 'maybe' })).toThrow('RELAIS_DEMO_FORCE');
  });

  it('trusts no proxy unless told, then the listed addresses and ranges', () => {
    expect(loadConfig({ ...dataDir }).trustedProxies).toEqual([]);
    expect(loadConfig({ ...dataDir, RELAIS_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.7', '::1']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ RELAIS_DEMO: 'perhaps' }, 'RELAIS_DEMO'],
    [{ RELAIS_ADMIN_EMAIL: 'admin@x.fr' }, 'RELAIS_ADMIN_PASSWORD must be set together'],
    [{ DATABASE_URL: 'postgres://u@db/relais' }, 'JWT_SECRET is required'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ RELAIS_TRUSTED_PROXIES: '10.0.0.1, my-proxy' }, 'RELAIS_TRUSTED_PROXIES: "my-proxy"'],
  ])('stops on a bad value and names the variable: %j', (env, expected) => {
    expect(() => loadConfig({ ...dataDir, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...dataDir, ...env })).toThrow(expected);
  });
});
