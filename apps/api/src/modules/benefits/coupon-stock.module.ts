import { Module } from '@nestjs/common';

import { CouponTemplatesRepository } from './coupon-templates.repository';

/**
 * The coupon templates' repository — the one writer of template stock — for this area's own modules: claims,
 * flash drops and the benchmark's baseline change stock through it, inside their own transactions. Other areas
 * go through CouponTemplatesService.
 */
@Module({ providers: [CouponTemplatesRepository], exports: [CouponTemplatesRepository] })
export class CouponStockModule {}
