import { Module } from '@nestjs/common';

import { MembershipCoreModule } from '../../membership/membership.module';
import { OrgsModule } from '../../orgs/orgs.module';
import { StationsCoreModule } from '../../stations/stations.module';
import { WelfareAllocationService } from './allocation.service';
import { WelfareAllocationsRepository } from './allocations.repository';
import { WelfareCampaignsController } from './campaigns.controller';
import { WelfareCampaignsRepository } from './campaigns.repository';
import { WelfareCampaignsService } from './campaigns.service';
import { MyWelfareController } from './my-welfare.controller';
import { WelfarePickupsController } from './pickups.controller';
import { WelfarePickupsService } from './pickups.service';
import { WelfareProgressRepository } from './progress.repository';
import { WelfareAllocateJob } from './welfare-allocate.job';

/** Welfare campaigns (智送清凉): campaigns, allocation, pick-ups; shared by HTTP, worker and seed. */
@Module({
  imports: [OrgsModule, MembershipCoreModule, StationsCoreModule],
  providers: [
    WelfareCampaignsRepository,
    WelfareAllocationsRepository,
    WelfareProgressRepository,
    WelfareCampaignsService,
    WelfareAllocationService,
    WelfarePickupsService,
  ],
  exports: [WelfareCampaignsService, WelfareAllocationService, WelfarePickupsService],
})
export class WelfareCoreModule {}

/** Welfare campaigns: the HTTP face. */
@Module({
  imports: [WelfareCoreModule],
  controllers: [WelfareCampaignsController, MyWelfareController, WelfarePickupsController],
})
export class WelfareModule {}

/** Welfare's jobs, for the worker. */
@Module({ imports: [WelfareCoreModule], providers: [WelfareAllocateJob] })
export class WelfareJobsModule {}
