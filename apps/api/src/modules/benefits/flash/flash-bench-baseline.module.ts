import { Module } from '@nestjs/common';

import { CouponStockModule } from '../coupon-stock.module';
import { FlashBaselineController } from './flash-baseline.controller';
import { FlashBaselineRepository } from './flash-baseline.repository';
import { FlashBaselineService } from './flash-baseline.service';

/**
 * The row-lock baseline bench/flash-sale.mjs compares the grab with. Not part of the production module graph:
 * AppModule imports it only with FLASH_BENCH_BASELINE, which config refuses in production, so a production
 * process never constructs it.
 */
@Module({
  imports: [CouponStockModule],
  controllers: [FlashBaselineController],
  providers: [FlashBaselineRepository, FlashBaselineService],
})
export class FlashBenchBaselineModule {}
