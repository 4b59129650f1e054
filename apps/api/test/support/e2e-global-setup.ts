import { NestFactory } from '@nestjs/core';

import { runSeed } from '../../src/cli/seed/run-seed';
import { SeedModule } from '../../src/cli/seed.module';
import { loadConfig } from '../../src/platform/config/app-config';
import globalSetup from './global-setup';
import './setup-env';

/** Browser tests run against the demo data, loaded once per run by the real seed. */
export default async function e2eGlobalSetup(): Promise<void> {
  await globalSetup();
  const app = await NestFactory.createApplicationContext(
    SeedModule.forRoot(loadConfig(process.env, { dotenv: false })),
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
