import { Injectable } from '@nestjs/common';
import type { MyMembershipResponse } from '@smartunion/contracts';

import { ApplicationsService } from './applications.service';
import { toMemberResponse } from './member.mapper';
import { MembersRepository } from './members.repository';
import { TransfersService } from './transfers.service';

/** Everything 我的 and the join flow need to know about the caller's membership, in one answer. */
@Injectable()
export class MyMembershipService {
  constructor(
    private readonly members: MembersRepository,
    private readonly applications: ApplicationsService,
    private readonly transfers: TransfersService,
  ) {}

  async get(userId: string): Promise<MyMembershipResponse> {
    const [member, latestApplication, openTransfer] = await Promise.all([
      this.members.findByUserId(userId),
      this.applications.latestOf(userId),
      this.transfers.openOf(userId),
    ]);
    return {
      member: member && member.status === 'active' ? toMemberResponse(member) : null,
      latestApplication,
      openTransfer,
    };
  }
}
