import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { AppModule } from './app.module';
import { loadConfigOrExit } from './platform/config/app-config';
import { configureApp } from './platform/http/configure-app';
import { createFastifyAdapter } from './platform/http/fastify-adapter';
import { installShutdownWatchdog } from './platform/shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    {
      bufferLogs: true,
    },
  );
  await configureApp(app);
  installShutdownWatchdog(config.shutdownTimeoutMs, (m) => process.stdout.write(`${m}\n`));
  await app.listen({ port: config.http.port, host: config.http.host });
  process.stdout.write(`SmartUnion API listening on http://${config.http.host}:${config.http.port}\n`);
}

void bootstrap();
