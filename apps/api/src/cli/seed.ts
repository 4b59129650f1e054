import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';

import { ConfigError, loadConfig } from '../platform/config/app-config';
import { SeedModule } from './seed.module';
import { runSeed } from './seed/run-seed';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.env === 'production') throw new Error('The demo seed is refused in production');
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const summary = await runSeed(app);
    process.stdout.write(
      `seed: ${summary.orgsCreated} orgs created, ${summary.orgsUnchanged} unchanged; ` +
        `${summary.users} demo users, ${summary.rolesGranted} roles granted; ` +
        `${summary.membership.members} members, ${summary.membership.pendingApplications} pending applications, ` +
        `${summary.membership.joinCodes} join codes; ` +
        `${summary.stations.created} of ${summary.stations.total} stations created\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(
    `${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
