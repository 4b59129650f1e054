import type { DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from '../../../migrations';
import type { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one place TypeORM is configured: the API, the worker, the CLI and the tests all use it. No entities: the app
 * loads those its areas register (DatabaseModule), migrations need none, and the CLI data source finds them by
 * file name (data-source.ts).
 */
export function typeormOptions(
  config: Pick<AppConfig, 'database' | 'env'>,
  appName: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors our filter logs (with the request id); TypeORM's console logger would not.
    logging: false,
    extra: {
      max: config.database.poolSize,
      application_name: appName,
      // Fail fast instead of queueing forever when the pool is exhausted or PostgreSQL is gone.
      connectionTimeoutMillis: 5000,
      statement_timeout: 30000,
    },
  };
}
