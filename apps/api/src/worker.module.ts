import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { IdentityJobsModule } from './modules/identity/identity.module';
import { MembershipJobsModule } from './modules/membership/membership.module';
import type { AppConfig } from './platform/config/app-config';
import { PlatformModule } from './platform/platform.module';
import { WorkerHost } from './platform/queues/worker-host';

/** The worker process: every area's job processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, 'worker'),
        DiscoveryModule,
        IdentityJobsModule,
        MembershipJobsModule,
      ],
      providers: [WorkerHost],
    };
  }
}
