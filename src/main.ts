import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { DEMO_ADVISORS, DEMO_API_KEY, DEMO_PASSWORD, DEMO_SITE_KEY } from './setup/demo-data';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp();
  await app.listen(config.port, '0.0.0.0');
  const base = `http://localhost:${config.port}`;
  const lines = [
    `Relais is running on ${base} (${config.database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}, jobs ${config.redisUrl ? 'on BullMQ' : 'in-process'})`,
    `  API docs:   ${base}/docs  (OpenAPI JSON: ${base}/docs-json)`,
    `  Health:     ${base}/health/ready`,
  ];
  const logins = DEMO_ADVISORS.map((a) => `${a.email} [${a.roles.join(',')}]`).join(', ');
  if (config.demoMode === 'well-known') {
    lines.push(`  Demo API key (integrators): ${DEMO_API_KEY}`, `  Demo site key (widget):     ${DEMO_SITE_KEY}`, `  Demo advisor logins (password "${DEMO_PASSWORD}"): ${logins}`);
  } else if (config.demoMode === 'random') {
    // The key and password were printed once, when the demo was seeded.
    lines.push(`  Demo site key (widget):     ${DEMO_SITE_KEY}`, `  Demo advisor logins (random password printed at seeding): ${logins}`);
  }
  // The banner is for the person who just typed `npm start`; the JSON logs carry the same facts for machines.
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  new Logger('Relais').log({ port: config.port, database: config.database.kind, jobs: config.redisUrl ? 'bullmq' : 'in-process' }, 'Relais started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
