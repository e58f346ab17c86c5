// The app under load, in a process of its own: its CPU time (utime + stime in /proc/<pid>/stat) is then the app's
// alone, apart from the load generator and the benchmark's own database work. Started by startAppProcess().

import type { AddressInfo } from 'node:net';
import { createApp } from '../src/create-app';
import { appPgName } from './fixed-rate';

async function main(): Promise<void> {
  // node-postgres names its connections from PGAPPNAME: this process's backends can then be told from any other's.
  process.env.PGAPPNAME = appPgName(process.pid);
  const app = await createApp({ logs: false });
  await app.listen(0, '127.0.0.1');
  process.once('message', () => void app.close().then(() => process.exit(0)));
  // An interrupted benchmark must not leave its app running.
  process.once('disconnect', () => process.exit(1));
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
