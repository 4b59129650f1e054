import { Module } from '@nestjs/common';

import { MembershipCoreModule } from '../../membership/membership.module';
import { OrgsModule } from '../../orgs/orgs.module';
import { CouponStockModule } from '../coupon-stock.module';
import { FlashEndJob, FlashPersistJob, FlashPreheatJob, FlashSweepJob } from './flash.job';
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
  imports: [OrgsModule, MembershipCoreModule, CouponStockModule],
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

/**
 * Flash drops: staff scheduling, members' list and grab, server time. (The benchmark's row-lock baseline is not
 * here: FlashBenchBaselineModule, imported by AppModule only when the benchmark asks.)
 */
@Module({
  imports: [FlashCoreModule],
  controllers: [FlashDropsController, FlashGrabController, TimeController],
})
export class FlashModule {}

/** Flash drops' jobs, for the worker: pre-heat, persist, end and the sweep. */
@Module({
  imports: [FlashCoreModule],
  providers: [FlashPreheatJob, FlashPersistJob, FlashEndJob, FlashSweepJob],
})
export class FlashJobsModule {}
