import { type DynamicModule, Module } from '@nestjs/common';

import { BenefitsCoreModule } from '../modules/benefits/benefits.module';
import { FlashCoreModule } from '../modules/benefits/flash/flash.module';
import { IdentityCoreModule } from '../modules/identity/identity.module';
import { MembershipCoreModule } from '../modules/membership/membership.module';
import { OrgsModule } from '../modules/orgs/orgs.module';
import { PointsCoreModule } from '../modules/points/points.module';
import { StationsCoreModule } from '../modules/stations/stations.module';
import { WelfareCoreModule } from '../modules/benefits/welfare/welfare.module';
import type { AppConfig } from '../platform/config/app-config';
import { PlatformModule } from '../platform/platform.module';

/** What the seed needs: each area's exported services, no HTTP. */
@Module({})
export class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        PlatformModule.forRoot(config, 'seed'),
        IdentityCoreModule,
        OrgsModule,
        MembershipCoreModule,
        StationsCoreModule,
        PointsCoreModule,
        BenefitsCoreModule,
        FlashCoreModule,
        WelfareCoreModule,
      ],
    };
  }
}
