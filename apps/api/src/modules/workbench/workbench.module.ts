import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { MembershipCoreModule } from '../membership/membership.module';
import { PointsCoreModule } from '../points/points.module';
import { StationsCoreModule } from '../stations/stations.module';
import { WorkbenchController } from './workbench.controller';
import { WorkbenchService } from './workbench.service';

/** The workbench: no tables of its own, only the pending work of the areas it opens. */
@Module({
  imports: [IdentityCoreModule, MembershipCoreModule, StationsCoreModule, PointsCoreModule],
  controllers: [WorkbenchController],
  providers: [WorkbenchService],
})
export class WorkbenchModule {}
