import { Injectable } from '@nestjs/common';
import {
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  OrgType,
  type RequestTransferRequest,
  type ReviewTransfersQuery,
  Role,
  type TransferListResponse,
  type TransferResponse,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../../platform/audit/audit.service';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { type NewNotice, NoticesService } from '../notices/notices.service';
import { OrgsService } from '../orgs/orgs.service';
import { JoinCodesService } from './join-codes.service';
import { MembersRepository } from './members.repository';
import { MembershipError } from './membership.errors';
import { toTransferResponse, transferAuditShape } from './transfer.mapper';
import { type TransferOrg, type TransferRow, TransfersRepository } from './transfers.repository';

/**
 * 组织关系转接: a member moves from one grassroots union to another. The old union lets them go (pending_out →
 * pending_in), the new union takes them in (pending_in → completed); the member stays an active member of the
 * old union until the moment the new one accepts, and every step is audited and kept in the member's history.
 *
 * Reviewers act on transfers touching their scope: a transfer with neither end in scope does not exist for
 * them (TRANSFER_NOT_FOUND); the new union deciding before the old one has is OUT_OF_SCOPE; the old union
 * deciding once its step is done is TRANSFER_DECIDED. The two steps are two different people's decisions:
 * whoever let the member go cannot also take them in, and repeating their approval (a retried request) returns
 * the transfer as it stands.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly transfers: TransfersRepository,
    private readonly members: MembersRepository,
    private readonly joinCodes: JoinCodesService,
    private readonly orgs: OrgsService,
    private readonly users: UsersService,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Opens a transfer for the caller's membership. Idempotent: the same request again (a retry, a double tap,
   * two at once) returns the one open transfer; a different one while a transfer is open is TRANSFER_OPEN.
   */
  async request(userId: string, request: RequestTransferRequest): Promise<TransferResponse> {
    const mine = await this.members.findByUserId(userId);
    if (mine?.status !== 'active') throw this.notAMember();
    const target = await this.target(request);
    if (target.type !== OrgType.Grassroots) {
      throw new MembershipError(ErrorCode.OrgNotGrassroots, 'Members transfer to a grassroots union only');
    }
    const id = await this.transfers.transaction(async (m) => {
      // The member row lock serialises a member's own requests and a completing transfer re-homing them.
      const member = await this.members.findByUserId(userId, m, true);
      if (member?.status !== 'active') throw this.notAMember();
      if (member.orgId === target.id) {
        throw new MembershipError(ErrorCode.TransferSameUnion, 'The member already belongs to this union');
      }
      const open = await this.transfers.findOpenByMember(member.id, m);
      if (open) return this.sameOrRefuse(open, target.id, request.reason);
      const created = await this.transfers.insertOpen(
        {
          memberId: member.id,
          fromOrgId: member.orgId,
          toOrgId: target.id,
          reason: request.reason,
          requestedBy: userId,
        },
        m,
      );
      if (!created) {
        const raced = await this.transfers.findOpenByMember(member.id, m);
        if (!raced) throw new MembershipError(ErrorCode.Conflict, 'The transfer changed meanwhile; retry');
        return this.sameOrRefuse(raced, target.id, request.reason);
      }
      const row = (await this.transfers.findById(created, m)) as TransferRow;
      await this.audit.record(
        {
          actorUserId: userId,
          action: 'membership.transfer.requested',
          targetType: 'transfer',
          targetId: created,
          orgId: row.from.id,
          after: transferAuditShape(row),
        },
        m,
      );
      return created;
    });
    return toTransferResponse((await this.transfers.findById(id)) as TransferRow);
  }

  async mine(userId: string, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<TransferListResponse> {
    const { items, total } = await this.transfers.listOfUser(userId, (page - 1) * pageSize, pageSize);
    return { items: items.map(toTransferResponse), total, page, pageSize };
  }

  /** The caller's transfer under way, if any (for 我的). */
  async openOf(userId: string): Promise<TransferResponse | null> {
    const member = await this.members.findByUserId(userId);
    const open = member ? await this.transfers.findOpenByMember(member.id) : null;
    return open ? toTransferResponse(open) : null;
  }

  /** The member withdraws their own transfer while it is still under way. Idempotent. */
  async cancel(userId: string, id: string): Promise<TransferResponse> {
    return this.transfers.transaction(async (m) => {
      const t = await this.transfers.findById(id, m, true);
      if (!t || t.memberUserId !== userId) throw this.notFound();
      if (t.status === 'cancelled') return toTransferResponse(t);
      if (t.status !== 'pending_out' && t.status !== 'pending_in') throw this.decided(t);
      await this.transfers.cancel(id, m);
      const after = (await this.transfers.findById(id, m)) as TransferRow;
      await this.record('membership.transfer.cancelled', userId, t, after, t.from.id, m);
      return toTransferResponse(after);
    });
  }

  async review(scope: OrgScope, query: ReviewTransfersQuery): Promise<TransferListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.transfers.search(scope, {
      direction: query.direction,
      status: query.status,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: items.map(toTransferResponse), total, page, pageSize };
  }

  /** Approves the step the transfer waits at: letting the member go, or taking them in. */
  async approve(scope: OrgScope, id: string): Promise<TransferResponse> {
    return this.transfers.transaction(async (m) => {
      const t = await this.loadForDecision(scope, id, m);
      switch (t.status) {
        case 'pending_out':
          scope.assertCovers(t.from, 'The union the member leaves');
          return this.approveOut(scope.userId, t, m);
        case 'pending_in':
          // The out-approver asking again is a retry of their own step, never the other union's decision.
          if (t.outDecidedBy === scope.userId) return toTransferResponse(t);
          if (scope.covers(t.to.path)) return this.complete(scope.userId, t, m);
          // Only the old union is the caller's, and its step is decided (by a colleague, perhaps a moment ago).
          throw this.decided(t);
        case 'completed':
          if (t.inDecidedBy === scope.userId) return toTransferResponse(t);
          throw this.decided(t);
        case 'rejected':
        case 'cancelled':
          throw this.decided(t);
      }
    });
  }

  /** Refuses the transfer at the step it waits at; the member stays where they are. */
  async reject(scope: OrgScope, id: string, reason: string): Promise<TransferResponse> {
    return this.transfers.transaction(async (m) => {
      const t = await this.loadForDecision(scope, id, m);
      switch (t.status) {
        case 'pending_out':
          scope.assertCovers(t.from, 'The union the member leaves');
          break;
        case 'pending_in':
          if (!scope.covers(t.to.path)) throw this.decided(t);
          break;
        case 'rejected':
          // A retried rejection: same reviewer, same reason.
          if ((t.inDecidedBy ?? t.outDecidedBy) === scope.userId && t.rejectReason === reason) {
            return toTransferResponse(t);
          }
          throw this.decided(t);
        case 'completed':
        case 'cancelled':
          throw this.decided(t);
      }
      await this.transfers.reject(id, scope.userId, reason, m);
      const after = (await this.transfers.findById(id, m)) as TransferRow;
      await this.notify(
        t,
        {
          kind: 'membership.transfer.rejected',
          title: '组织关系转接未通过',
          body: `您申请由${t.from.name}转入${t.to.name}未获通过，原因：${reason}。您仍是${t.from.name}的会员。`,
          dedupeKey: `transfer:${t.id}:rejected`,
        },
        m,
      );
      const orgId = t.status === 'pending_out' ? t.from.id : t.to.id;
      await this.record('membership.transfer.rejected', scope.userId, t, after, orgId, m);
      return toTransferResponse(after);
    });
  }

  private async approveOut(actor: string, t: TransferRow, m: EntityManager): Promise<TransferResponse> {
    await this.transfers.approveOut(t.id, actor, m);
    const after = (await this.transfers.findById(t.id, m)) as TransferRow;
    await this.notify(
      t,
      {
        kind: 'membership.transfer.out_approved',
        title: '转出审核已通过',
        body: `${t.from.name}已同意您转出，等待${t.to.name}审核接收。接收前您仍是${t.from.name}的会员。`,
        dedupeKey: `transfer:${t.id}:out`,
      },
      m,
    );
    await this.record('membership.transfer.out_approved', actor, t, after, t.from.id, m);
    return toTransferResponse(after);
  }

  /** The new union takes the member in: record, role and history move together, or not at all. */
  private async complete(actor: string, t: TransferRow, m: EntityManager): Promise<TransferResponse> {
    const member = await this.members.findById(t.memberId, m, true);
    if (member?.status !== 'active' || member.orgId !== t.from.id) {
      throw new MembershipError(
        ErrorCode.Conflict,
        'The member no longer belongs to the union they asked to leave; the transfer cannot complete',
      );
    }
    await this.members.moveToOrg(member.id, t.to.id, m);
    if (member.userId) {
      await this.users.revokeRole(member.userId, Role.Member, t.from.id, m);
      await this.users.grantRole(member.userId, Role.Member, t.to.id, m);
    }
    await this.members.addEvents(
      [
        {
          memberId: member.id,
          kind: 'transferred',
          orgId: t.to.id,
          fromOrgId: t.from.id,
          actorUserId: actor,
        },
      ],
      m,
    );
    await this.transfers.complete(t.id, actor, m);
    const after = (await this.transfers.findById(t.id, m)) as TransferRow;
    await this.notify(
      t,
      {
        kind: 'membership.transfer.completed',
        title: '组织关系转接完成',
        body: `您的会员组织关系已由${t.from.name}转入${t.to.name}，会员卡已同步更新。`,
        dedupeKey: `transfer:${t.id}:in`,
      },
      m,
    );
    await this.record('membership.transfer.completed', actor, t, after, t.to.id, m);
    return toTransferResponse(after);
  }

  /** The transfer, locked; TRANSFER_NOT_FOUND unless one of its ends lies in the caller's scope. */
  private async loadForDecision(scope: OrgScope, id: string, m: EntityManager): Promise<TransferRow> {
    const t = await this.transfers.findById(id, m, true);
    if (!t || (!scope.covers(t.from.path) && !scope.covers(t.to.path))) throw this.notFound();
    return t;
  }

  private async target(request: RequestTransferRequest): Promise<TransferOrg> {
    if (request.joinCode) return (await this.joinCodes.resolveToken(request.joinCode)).org;
    const org = request.toOrgId ? await this.orgs.findRef(request.toOrgId) : null;
    if (!org) throw new MembershipError(ErrorCode.OrgNotFound, 'The union to transfer to does not exist');
    return org;
  }

  /** An open transfer met again: the same request is answered with it, any other is refused. */
  private sameOrRefuse(open: TransferRow, toOrgId: string, reason: string): string {
    if (open.to.id === toOrgId && open.reason === reason) return open.id;
    throw new MembershipError(ErrorCode.TransferOpen, 'A transfer of this member is already under way', {
      transferId: open.id,
    });
  }

  private async notify(
    t: TransferRow,
    notice: Pick<NewNotice, 'kind' | 'title' | 'body' | 'dedupeKey'>,
    m: EntityManager,
  ): Promise<void> {
    if (!t.memberUserId) return;
    await this.notices.send({ ...notice, userId: t.memberUserId, refType: 'transfer', refId: t.id }, m);
  }

  private record(
    action: string,
    actor: string,
    before: TransferRow,
    after: TransferRow,
    orgId: string,
    m: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        actorUserId: actor,
        action,
        targetType: 'transfer',
        targetId: before.id,
        orgId,
        before: transferAuditShape(before),
        after: transferAuditShape(after),
      },
      m,
    );
  }

  private notAMember(): MembershipError {
    return new MembershipError(ErrorCode.NotAMember, 'Only an active member can ask for a transfer');
  }

  private notFound(): MembershipError {
    return new MembershipError(ErrorCode.TransferNotFound, 'No such transfer');
  }

  private decided(t: TransferRow): MembershipError {
    return new MembershipError(ErrorCode.TransferDecided, `This transfer is already ${t.status}`, {
      status: t.status,
    });
  }
}
