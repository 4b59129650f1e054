import 'reflect-metadata';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { type AppConfig, ConfigError, loadConfig } from '../platform/config/app-config';
import { typeormOptions } from '../platform/database/typeorm-options';

const USAGE = 'usage: db <create|migrate|revert|reset|status>';

/** Creates the configured database if it does not exist (connecting to the server's `postgres` database). */
export async function createDatabaseIfMissing(config: AppConfig): Promise<boolean> {
  const url = new URL(config.database.url);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`refusing unusual database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await admin.end();
  }
}

async function withDataSource<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(typeormOptions(config, 'smartunion-cli'));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const log = (line: string): boolean => process.stdout.write(`${line}\n`);
  switch (command) {
    case 'create':
      log((await createDatabaseIfMissing(config)) ? 'database created' : 'database exists');
      return;
    case 'migrate': {
      await createDatabaseIfMissing(config);
      const ran = await withDataSource(config, (ds) => ds.runMigrations({ transaction: 'each' }));
      log(ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'schema up to date');
      return;
    }
    case 'revert':
      await withDataSource(config, (ds) => ds.undoLastMigration({ transaction: 'each' }));
      log('reverted the last migration');
      return;
    case 'reset': {
      if (config.env === 'production') throw new Error('db reset is refused in production');
      await withDataSource(config, async (ds) => {
        await ds.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        await ds.runMigrations({ transaction: 'each' });
      });
      log('database reset and migrated');
      return;
    }
    case 'status': {
      const pending = await withDataSource(config, (ds) => ds.showMigrations());
      log(pending ? 'migrations pending' : 'schema up to date');
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((e: unknown) => {
    process.stderr.write(
      `${e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  });
}
