import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { NoticesCoreModule } from '../notices/notices.module';
import { OrgsModule } from '../orgs/orgs.module';
import { MembersRepository } from './members.repository';
import { PersonDataSealer } from './person-data';

/** Membership's services and repositories, shared by its HTTP and worker faces. */
@Module({
  imports: [IdentityCoreModule, OrgsModule, NoticesCoreModule],
  providers: [MembersRepository, PersonDataSealer],
  exports: [],
})
export class MembershipCoreModule {}

/** Joining, review, cards, transfers, establishment, rosters: the HTTP face. */
@Module({
  imports: [MembershipCoreModule],
  controllers: [],
})
export class MembershipModule {}

/** Membership's jobs, for the worker. */
@Module({ imports: [MembershipCoreModule], providers: [] })
export class MembershipJobsModule {}
