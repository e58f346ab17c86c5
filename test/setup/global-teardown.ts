import { rmSync } from 'node:fs';

/** Removes this run's embedded database template. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.RELAIS_TEST_TEMPLATE_DIR) rmSync(process.env.RELAIS_TEST_TEMPLATE_DIR, { recursive: true, force: true });
}
