import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import e2eGlobalSetup from '../setup/global-setup';

/** The e2e database template, plus the web parts built as `npm run build` builds them. */
export default async function browserGlobalSetup(): Promise<void> {
  await e2eGlobalSetup();
  execFileSync(process.execPath, [join(__dirname, '../../web/build.mjs')], { stdio: 'inherit' });
}
