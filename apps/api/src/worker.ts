import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { loadConfigOrExit } from './platform/config/app-config';
import { installShutdownWatchdog } from './platform/shutdown';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  // Initialises the graph: WorkerHost checks every job has a handler, starts the workers, declares schedules.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // SIGTERM/SIGINT close the app: workers stop taking jobs and wait for running ones (WorkerHost).
  app.enableShutdownHooks();
  installShutdownWatchdog(config.shutdownTimeoutMs, (m) => process.stdout.write(`${m}\n`));
}

void bootstrap().catch((e: unknown) => {
  process.stderr.write(`Worker failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
