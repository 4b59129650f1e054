import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { FlashJobsModule } from './modules/benefits/flash/flash.module';
import { IdentityJobsModule } from './modules/identity/identity.module';
import { MembershipJobsModule } from './modules/membership/membership.module';
import { PointsJobsModule } from './modules/points/points.module';
import { StationsJobsModule, StationStateIngestionModule } from './modules/stations/stations.module';
import { WelfareJobsModule } from './modules/benefits/welfare/welfare.module';
import type { AppConfig } from './platform/config/app-config';
import { PlatformModule } from './platform/platform.module';
import { WorkerHost } from './platform/queues/worker-host';

/** The worker process: every area's job processors and the station-state ingestion, no HTTP. */
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
        StationsJobsModule,
        PointsJobsModule,
        WelfareJobsModule,
        FlashJobsModule,
        StationStateIngestionModule,
      ],
      providers: [WorkerHost],
    };
  }
}
