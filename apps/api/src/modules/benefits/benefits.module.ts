import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { MembershipCoreModule } from '../membership/membership.module';
import { OrgsModule } from '../orgs/orgs.module';
import { ClaimsService } from './claims.service';
import { CouponStockModule } from './coupon-stock.module';
import { CouponTemplatesController } from './coupon-templates.controller';
import { CouponTemplatesService } from './coupon-templates.service';
import { CouponsController, WriteOffsController } from './coupons.controller';
import { CouponsRepository } from './coupons.repository';
import { CouponsService } from './coupons.service';
import { MerchantsController } from './merchants.controller';
import { MerchantsRepository } from './merchants.repository';
import { MerchantsService } from './merchants.service';
import { WriteOffsRepository } from './write-offs.repository';
import { WriteOffsService } from './write-offs.service';

/**
 * Merchants, stores, coupon templates, claims, members' coupons and write-offs: the services other areas (flash
 * drops, welfare campaigns, the seed) use.
 */
@Module({
  imports: [IdentityCoreModule, OrgsModule, MembershipCoreModule, CouponStockModule],
  providers: [
    MerchantsRepository,
    MerchantsService,
    CouponTemplatesService,
    CouponsRepository,
    CouponsService,
    ClaimsService,
    WriteOffsRepository,
    WriteOffsService,
  ],
  exports: [MerchantsService, CouponTemplatesService, CouponsService, ClaimsService, WriteOffsService],
})
export class BenefitsCoreModule {}

/** Merchants and coupons: the HTTP face. */
@Module({
  imports: [BenefitsCoreModule],
  controllers: [MerchantsController, CouponTemplatesController, CouponsController, WriteOffsController],
})
export class BenefitsModule {}
