import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { MembershipCoreModule } from '../membership/membership.module';
import { NoticesCoreModule } from '../notices/notices.module';
import { OrgsModule } from '../orgs/orgs.module';
import { ExpireStaleVisitsJob } from './expire-stale-visits.job';
import { PatrolsController } from './patrols.controller';
import { FlagOverduePatrolsJob } from './patrols.job';
import { PatrolsRepository } from './patrols.repository';
import { PatrolsService } from './patrols.service';
import { RankingsController } from './rankings.controller';
import { RankingsRepository } from './rankings.repository';
import { RankingsService } from './rankings.service';
import { StationExportController } from './station-export.controller';
import { StationExportRepository } from './station-export.repository';
import { StationExportService } from './station-export.service';
import { MonthlyStationReportJob } from './station-reports.job';
import { StationReportsRepository } from './station-reports.repository';
import { StationReportsService } from './station-reports.service';
import { StationDoorController } from './station-door.controller';
import { StationDoorService } from './station-door.service';
import { StationDutyService } from './station-duty.service';
import { StationEquipmentController } from './station-equipment.controller';
import { StationEquipmentRepository } from './station-equipment.repository';
import { StationEquipmentService } from './station-equipment.service';
import { StationStateListener } from './station-state.listener';
import { StationStatesRepository } from './station-states.repository';
import { StationVisitsRepository } from './station-visits.repository';
import { StationsController } from './stations.controller';
import { StationsRepository } from './stations.repository';
import { StationsService } from './stations.service';

/** The post-station registry and search, doors and masters' duty, shared by the HTTP face and the worker. */
@Module({
  imports: [IdentityCoreModule, OrgsModule, MembershipCoreModule, NoticesCoreModule],
  providers: [
    StationsRepository,
    StationsService,
    StationVisitsRepository,
    StationStatesRepository,
    StationDoorService,
    StationDutyService,
    StationEquipmentRepository,
    StationEquipmentService,
    // Patrols, rankings, monthly reports and the map export.
    PatrolsRepository,
    PatrolsService,
    RankingsRepository,
    RankingsService,
    StationReportsRepository,
    StationReportsService,
    StationExportRepository,
    StationExportService,
  ],
  exports: [
    StationsService,
    StationDoorService,
    StationDutyService,
    StationEquipmentService,
    PatrolsService,
    RankingsService,
    StationReportsService,
    StationExportService,
  ],
})
export class StationsCoreModule {}

/** Post stations: the HTTP face. */
@Module({
  imports: [StationsCoreModule],
  controllers: [
    StationsController,
    StationDoorController,
    StationEquipmentController,
    PatrolsController,
    RankingsController,
    StationExportController,
  ],
})
export class StationsModule {}

/** Stations' jobs, for the worker. */
@Module({
  imports: [StationsCoreModule],
  providers: [ExpireStaleVisitsJob, FlagOverduePatrolsJob, MonthlyStationReportJob],
})
export class StationsJobsModule {}

/**
 * The worker's ingestion of device heartbeats into station_states (see StationStateListener). Worker only; it
 * stands alone (platform + its repository), so a listener process needs none of the area's other modules.
 */
@Module({ providers: [StationStatesRepository, StationStateListener] })
export class StationStateIngestionModule {}
