import { NestFactory } from '@nestjs/core';

import { runSeed } from '../../src/cli/seed/run-seed';
import { SeedModule } from '../../src/cli/seed.module';
import { loadConfig } from '../../src/platform/config/app-config';
import { setupRun } from './global-setup';

/** Browser tests run against the demo data, loaded once per run by the real seed. */
export default async function e2eGlobalSetup(): Promise<void> {
  await setupRun('E2E');
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.SU_E2E_DATABASE_URL,
    REDIS_PREFIX: process.env.SU_E2E_REDIS_PREFIX,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: 'seed-only-secret-seed-only-secret-0123456789',
  };
  const app = await NestFactory.createApplicationContext(
    SeedModule.forRoot(loadConfig(env, { dotenv: false })),
    {
      logger: false,
    },
  );
  try {
    await runSeed(app);
  } finally {
    await app.close();
  }
}
