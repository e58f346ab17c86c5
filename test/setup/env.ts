import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDatabaseName, templateDatabaseName, withDatabase } from './postgres-test-databases';
import { TEST_ADMIN, TEST_API_KEY, TEST_SITE_KEY, templateDir } from './test-database';

// Each e2e file gets its own copy of the migrated database (embedded or PostgreSQL) and its own Redis database.
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  const name = fileDatabaseName(url, randomBytes(4).toString('hex'));
  const redisUrl = process.env.REDIS_URL && new URL(process.env.REDIS_URL);
  if (redisUrl) redisUrl.pathname = `/${1 + Math.floor(Math.random() * 15)}`; // 0 is left to the developer's own runs
  execFileSync(process.execPath, [join(__dirname, 'file-database.js'), url.toString(), templateDatabaseName(url), name, ...(redisUrl ? [redisUrl.toString()] : [])], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.DATABASE_URL = withDatabase(url, name);
  if (redisUrl) process.env.REDIS_URL = redisUrl.toString();
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-test-'));
  cpSync(join(templateDir(), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
  process.env.RELAIS_DATA_DIR = dataDir;
}
process.env.JWT_SECRET ??= 'test-jwt-secret-that-is-long-enough-0123456789';
process.env.RELAIS_DEMO = 'false';
process.env.RELAIS_API_KEY = TEST_API_KEY;
process.env.RELAIS_SITE_KEY = TEST_SITE_KEY;
process.env.RELAIS_ADMIN_EMAIL = TEST_ADMIN.email;
process.env.RELAIS_ADMIN_PASSWORD = TEST_ADMIN.password;
process.env.LOG_LEVEL ??= 'warn';
// Advisors put online over HTTP have no console socket to keep them online: they stay so for a whole test file
// unless the file sets a short grace to test expiry (live-chat does).
process.env.RELAIS_PRESENCE_GRACE_SECONDS ??= '3600';
// Tests play the load balancer from loopback, sending the visitor's address in X-Forwarded-For (geo-IP, limits);
// a client on another loopback address (127.0.0.2) is an untrusted one.
process.env.RELAIS_TRUSTED_PROXIES = '127.0.0.1, ::1, ::ffff:127.0.0.1';
