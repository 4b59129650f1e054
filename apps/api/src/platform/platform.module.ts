import { type DynamicModule, Module } from '@nestjs/common';

import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { FilesModule } from './files/files.module';
import { LoggingModule } from './logging/logging.module';
import { MqttModule } from './mqtt/mqtt.module';
import { QueuesModule } from './queues/queues.module';
import { RedisModule } from './redis/redis.module';

/**
 * What every process (API, worker, CLI) stands on: config, logs, PostgreSQL, Redis, MQTT (station devices), queues,
 * audit, crypto, files. ScopeService is provided by identity (it owns the role bindings a scope is made of).
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, processName: string): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule.forRoot(`smartunion-${processName}`),
        RedisModule,
        MqttModule.forRoot(processName),
        DevicesModule,
        QueuesModule,
        AuditModule,
        AuthModule,
        CryptoModule,
        FilesModule,
      ],
    };
  }
}
