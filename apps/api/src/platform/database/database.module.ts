import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { typeormOptions } from './typeorm-options';

@Module({})
export class DatabaseModule {
  /** @param appName shown in pg_stat_activity, so a DBA can tell the API's connections from the worker's. */
  static forRoot(appName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          // Each area registers its own entities (TypeOrmModule.forFeature), so platform names none.
          useFactory: (config: AppConfig) => ({ ...typeormOptions(config, appName), autoLoadEntities: true }),
        }),
      ],
    };
  }
}
