import { type DynamicModule, Module } from '@nestjs/common';

import type { AppConfig } from '../../../platform/config/app-config';
import { MembershipCoreModule } from '../../membership/membership.module';
import { OrgsModule } from '../../orgs/orgs.module';
import { FlashEndJob, FlashPersistJob, FlashPreheatJob, FlashSweepJob } from './flash.job';
import { FlashBaselineController } from './flash-baseline.controller';
import { FlashBaselineRepository } from './flash-baseline.repository';
import { FlashBaselineService } from './flash-baseline.service';
import { FlashDropsController } from './flash-drops.controller';
import { FlashDropsRepository } from './flash-drops.repository';
import { FlashDropsService } from './flash-drops.service';
import { FlashGrabController } from './flash-grab.controller';
import { FlashGrabService } from './flash-grab.service';
import { FlashPersistService } from './flash-persist.service';
import { FlashPreheatService } from './flash-preheat.service';
import { FLASH_REDIS, FlashRedisCloser, flashRedisProvider } from './flash-redis';
import { FlashScheduler } from './flash-scheduler';
import { FlashSweepService } from './flash-sweep.service';
import { TimeController } from './time.controller';

/** Flash drops' services, shared by the HTTP face, the worker and the seed. */
@Module({
  imports: [OrgsModule, MembershipCoreModule],
  providers: [
    flashRedisProvider,
    FlashRedisCloser,
    FlashDropsRepository,
    FlashScheduler,
    FlashDropsService,
    FlashGrabService,
    FlashPreheatService,
    FlashPersistService,
    FlashSweepService,
  ],
  exports: [
    FLASH_REDIS,
    FlashDropsService,
    FlashGrabService,
    FlashPreheatService,
    FlashPersistService,
    FlashSweepService,
  ],
})
export class FlashCoreModule {}

/** Flash drops: staff scheduling, members' list and grab, server time. */
@Module({})
export class FlashModule {
  static forRoot(config: AppConfig): DynamicModule {
    const baseline = config.flash.benchBaseline;
    return {
      module: FlashModule,
      imports: [FlashCoreModule],
      controllers: [
        FlashDropsController,
        FlashGrabController,
        TimeController,
        ...(baseline ? [FlashBaselineController] : []),
      ],
      providers: baseline ? [FlashBaselineRepository, FlashBaselineService] : [],
    };
  }
}

/** Flash drops' jobs, for the worker: pre-heat, persist, end and the sweep. */
@Module({
  imports: [FlashCoreModule],
  providers: [FlashPreheatJob, FlashPersistJob, FlashEndJob, FlashSweepJob],
})
export class FlashJobsModule {}
