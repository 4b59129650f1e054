import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { MembershipCoreModule } from '../membership/membership.module';
import { OrgsModule } from '../orgs/orgs.module';
import { EarnRulesRepository } from './earn-rules.repository';
import { EarnRulesService } from './earn-rules.service';
import { MallAdminController } from './mall-admin.controller';
import { MallController } from './mall.controller';
import { MallItemsService } from './mall-items.service';
import { MallOrdersService } from './mall-orders.service';
import { MallRepository } from './mall.repository';
import { PointsAdminController } from './points-admin.controller';
import { PointsController } from './points.controller';
import { PointsLedger } from './points-ledger';
import { PointsRepository } from './points.repository';
import { PointsService } from './points.service';
import { ReconcilePointsJob } from './reconcile-points.job';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

/**
 * Points and the points mall, shared by the HTTP face, the worker and the seed. Other areas award points
 * through {@link PointsService.award} (import this module); nothing else of the ledger is theirs to touch.
 */
@Module({
  imports: [IdentityCoreModule, MembershipCoreModule, OrgsModule],
  providers: [
    PointsRepository,
    EarnRulesRepository,
    PointsLedger,
    PointsService,
    EarnRulesService,
    ReconciliationRepository,
    ReconciliationService,
    MallRepository,
    MallItemsService,
    MallOrdersService,
  ],
  exports: [PointsService, EarnRulesService, ReconciliationService, MallItemsService, MallOrdersService],
})
export class PointsCoreModule {}

/** Points: the HTTP face. */
@Module({
  imports: [PointsCoreModule],
  controllers: [PointsController, PointsAdminController, MallController, MallAdminController],
})
export class PointsModule {}

/** Points' jobs, for the worker: the nightly reconciliation. */
@Module({
  imports: [PointsCoreModule],
  providers: [ReconcilePointsJob],
})
export class PointsJobsModule {}
