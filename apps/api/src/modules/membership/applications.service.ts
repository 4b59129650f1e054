import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type JoinApplicationResponse,
  OrgType,
  Role,
  type SubmitJoinApplicationRequest,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { UsersService } from '../identity/users.service';
import { toApplicationResponse } from './application.mapper';
import { type ApplicationRow, ApplicationsRepository, type NewApplication } from './applications.repository';
import { IdentityCheckService } from './identity-check.service';
import { JoinCodesService } from './join-codes.service';
import { MembersRepository } from './members.repository';
import { MembershipError } from './membership.errors';
import { PersonDataSealer } from './person-data';

/** A member's side of joining: submit through a join code, see the result, withdraw while pending. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly members: MembersRepository,
    private readonly joinCodes: JoinCodesService,
    private readonly sealer: PersonDataSealer,
    private readonly identity: IdentityCheckService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Files a join application. Idempotent: the same person submitting the same union again (a double tap, a
   * retry, two requests in the same instant) gets the one pending application back, `created: false`.
   */
  async submit(
    userId: string,
    request: SubmitJoinApplicationRequest,
  ): Promise<{ application: JoinApplicationResponse; created: boolean }> {
    const code = await this.joinCodes.resolveToken(request.joinCode);
    if (code.org.type !== OrgType.Grassroots) {
      throw new MembershipError(ErrorCode.OrgNotGrassroots, 'Only a grassroots union takes members');
    }
    const person = this.sealer.seal(request);
    if (!person) throw new MembershipError(ErrorCode.ValidationFailed, 'Invalid ID number');

    const mine = await this.members.findByUserId(userId);
    if (mine?.status === 'active') throw this.alreadyMember(mine.orgName, mine.orgId);
    const holder = await this.members.findByIdHash(person.idHash);
    if (holder && holder.userId && holder.userId !== userId) {
      throw new MembershipError(ErrorCode.IdNumberInUse, 'This ID number belongs to another account');
    }

    const verification = await this.identity.check(request.name, request.idNumber.trim().toUpperCase());
    const draft: NewApplication = {
      ...person,
      userId,
      orgId: code.org.id,
      joinCodeId: code.codeId,
      verification,
    };

    // Already on the union's roster (imported) under the same name: the account claims that membership.
    if (holder && !holder.userId && holder.status === 'active') {
      if (holder.name !== request.name) throw this.alreadyMember(holder.orgName, holder.orgId);
      return { application: await this.claim(draft, holder.id, holder.orgId), created: true };
    }

    const created = await this.applications.insertPending(draft);
    if (created) return { application: toApplicationResponse(created), created: true };

    const pending = await this.applications.findPending(userId, person.idHash);
    if (
      pending &&
      pending.userId === userId &&
      pending.orgId === code.org.id &&
      pending.idHash.equals(person.idHash)
    ) {
      return { application: toApplicationResponse(pending), created: false };
    }
    throw new MembershipError(ErrorCode.ApplicationPending, 'An application is already waiting for review', {
      applicationId: pending?.userId === userId ? pending.id : undefined,
    });
  }

  /** System use (seed): the user's newest application, or a new one if they never applied. */
  async submitOnce(
    userId: string,
    request: SubmitJoinApplicationRequest,
  ): Promise<{ application: JoinApplicationResponse; created: boolean }> {
    const latest = await this.latestOf(userId);
    return latest ? { application: latest, created: false } : this.submit(userId, request);
  }

  async withdraw(userId: string, id: string): Promise<JoinApplicationResponse> {
    return this.applications.transaction(async (m) => {
      const app = await this.applications.findById(id, m, true);
      if (!app || app.userId !== userId) {
        throw new MembershipError(ErrorCode.ApplicationNotFound, 'No such application of yours');
      }
      if (app.status === 'withdrawn') return toApplicationResponse(app);
      if (app.status !== 'pending') {
        throw new MembershipError(ErrorCode.ApplicationDecided, 'This application was decided already');
      }
      await this.applications.decide(id, { status: 'withdrawn', by: userId }, m);
      return toApplicationResponse((await this.applications.findById(id, m)) as ApplicationRow);
    });
  }

  async latestOf(userId: string): Promise<JoinApplicationResponse | null> {
    const latest = await this.applications.latestOf(userId);
    return latest ? toApplicationResponse(latest) : null;
  }

  private async claim(
    draft: NewApplication,
    memberId: string,
    orgId: string,
  ): Promise<JoinApplicationResponse> {
    const id = await this.applications.transaction(async (m) => {
      if (!(await this.members.linkUser(memberId, draft.userId, m))) {
        throw new MembershipError(ErrorCode.IdNumberInUse, 'This membership was claimed by another account');
      }
      if (draft.verification !== 'unverified')
        await this.members.setVerification(memberId, draft.verification, m);
      await this.users.grantRole(draft.userId, Role.Member, orgId, m);
      const applicationId = await this.applications.insertClaimed(draft, memberId, m);
      await this.audit.record(
        {
          actorUserId: draft.userId,
          action: 'membership.claimed',
          targetType: 'member',
          targetId: memberId,
          orgId,
          after: { applicationId, idNumber: draft.idMasked },
        },
        m,
      );
      return applicationId;
    });
    return toApplicationResponse((await this.applications.findById(id)) as ApplicationRow);
  }

  private alreadyMember(orgName: string, orgId: string): MembershipError {
    return new MembershipError(
      ErrorCode.AlreadyMember,
      `Already a member of ${orgName}; ask for a transfer to change unions`,
      { orgId, orgName },
    );
  }
}
