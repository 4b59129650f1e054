import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/platform/http/configure-app';
import { createFastifyAdapter } from '../../src/platform/http/fastify-adapter';
import { testConfig } from './test-app';

export const H5_DIR = resolve(__dirname, '../../../miniapp/dist/h5');

/**
 * The real API on a free localhost port, serving the built H5 app at "/" exactly as the quick start does. The
 * demo data was loaded by the e2e global setup.
 */
export async function startE2eServer(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  if (!existsSync(resolve(H5_DIR, 'index.html'))) {
    throw new Error(`No H5 build at ${H5_DIR}: run the miniapp build:h5 first (scripts/test.sh does)`);
  }
  const config = testConfig({ http: { serveH5Dir: H5_DIR, host: '127.0.0.1', port: 0 } });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    {
      logger: false,
    },
  );
  await configureApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
