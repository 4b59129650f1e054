import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { loadConfig } from '../../src/platform/config/app-config';
import { typeormOptions } from '../../src/platform/database/typeorm-options';

export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates a database and applies the real migrations to it. */
export async function createMigratedDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const config = loadConfig(
    { ...process.env, DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://127.0.0.1:6379' },
    { dotenv: false },
  );
  const ds = new DataSource(typeormOptions(config, 'smartunion-test-setup'));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
