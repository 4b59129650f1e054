import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { ConfigError, loadConfig } from './platform/config/app-config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // Initialises the graph: WorkerHost checks every job has a handler, starts the workers, declares schedules.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // SIGTERM/SIGINT close the app: workers stop taking jobs and wait for running ones (WorkerHost).
  app.enableShutdownHooks();
}

void bootstrap().catch((e: unknown) => {
  process.stderr.write(`Worker failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
