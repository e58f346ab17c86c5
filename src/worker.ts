import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';

/** BullMQ consumer without HTTP: the same modules register the same queues and sweeps. */
async function main(): Promise<void> {
  if (!loadConfig().redisUrl) throw new ConfigError('Invalid configuration:\n  REDIS_URL is required to run a separate worker (without it, `npm start` runs jobs in-process)');
  const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
