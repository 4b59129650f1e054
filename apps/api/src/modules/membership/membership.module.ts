import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { NoticesCoreModule } from '../notices/notices.module';
import { OrgsModule } from '../orgs/orgs.module';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { EstablishmentsController } from './establishments.controller';
import { EstablishmentsRepository } from './establishments.repository';
import { EstablishmentsService } from './establishments.service';
import { IdentityCheckService } from './identity-check.service';
import { JoinCodesController } from './join-codes.controller';
import { JoinCodesRepository } from './join-codes.repository';
import { JoinCodesService } from './join-codes.service';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { MyMembershipController } from './my-membership.controller';
import { MyMembershipService } from './my-membership.service';
import { PersonDataSealer } from './person-data';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { RosterBatchLoader } from './roster-batch.loader';
import { RosterExportRepository } from './roster-export.repository';
import { RosterExportService } from './roster-export.service';
import { RosterImportJob } from './roster-import.job';
import { RosterImportService } from './roster-import.service';
import { RosterImportsRepository } from './roster-imports.repository';
import { RostersController } from './rosters.controller';
import { TransfersController } from './transfers.controller';
import { TransfersRepository } from './transfers.repository';
import { TransfersService } from './transfers.service';
import { identityVerifierProvider } from './verification/identity-verifier.provider';

/** Membership's services and repositories, shared by its HTTP and worker faces. */
@Module({
  imports: [IdentityCoreModule, OrgsModule, NoticesCoreModule],
  providers: [
    MembersRepository,
    PersonDataSealer,
    JoinCodesRepository,
    JoinCodesService,
    ApplicationsRepository,
    ApplicationsService,
    ReviewService,
    MembersService,
    MyMembershipService,
    IdentityCheckService,
    identityVerifierProvider,
    RosterImportsRepository,
    RosterBatchLoader,
    RosterImportService,
    RosterExportRepository,
    RosterExportService,
    TransfersRepository,
    TransfersService,
    EstablishmentsRepository,
    EstablishmentsService,
  ],
  exports: [
    MembersService,
    RosterImportService,
    RosterExportService,
    JoinCodesService,
    ApplicationsService,
    ReviewService,
    MyMembershipService,
    TransfersService,
    EstablishmentsService,
  ],
})
export class MembershipCoreModule {}

/** Joining, review, cards, transfers, establishment, rosters: the HTTP face. */
@Module({
  imports: [MembershipCoreModule],
  controllers: [
    JoinCodesController,
    RostersController,
    MyMembershipController,
    ReviewController,
    TransfersController,
    EstablishmentsController,
  ],
})
export class MembershipModule {}

/** Membership's jobs, for the worker. */
@Module({ imports: [MembershipCoreModule], providers: [RosterImportJob] })
export class MembershipJobsModule {}
