import { join } from 'node:path';

/** Where the migrated blank embedded database lives during a test run (one per run); each test file starts from a copy. */
export const templateDir = () => process.env.RELAIS_TEST_TEMPLATE_DIR ?? join(__dirname, `../../.tmp/pglite-template-${process.pid}`);
export const TEST_API_KEY = 'test-api-key-with-every-scope-0001';
export const TEST_SITE_KEY = 'test-site-key';
export const TEST_ADMIN = { email: 'admin@relais.test', password: 'admin-password-123' };

/** Tests wipe what they run against: never a database whose name does not say it is for tests. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test')) throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
}
