import { Injectable } from '@nestjs/common';
import {
  type ApplyEstablishmentRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type EstablishmentListResponse,
  type EstablishmentResponse,
  OrgType,
  type ReviewEstablishmentsQuery,
  Role,
  type UpperUnionListResponse,
  type UpperUnionQuery,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../../platform/audit/audit.service';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { type NewNotice, NoticesService } from '../notices/notices.service';
import { OrgsService } from '../orgs/orgs.service';
import { establishmentAuditShape, toEstablishmentResponse } from './establishment.mapper';
import { type EstablishmentRow, EstablishmentsRepository } from './establishments.repository';
import { MembershipError } from './membership.errors';

/** Upper unions that approve new grassroots unions. */
const UPPER_UNION_TYPES: readonly OrgType[] = [OrgType.County, OrgType.Street];

const ORG_NAME_SUFFIX = '工会委员会';
const ORG_NAME_MAX = 100;

/** `<enterprise>工会委员会`, the enterprise name shortened if the whole would exceed an org name's 100 characters. */
export function unionNameOf(enterpriseName: string): string {
  const chars = [...enterpriseName];
  const room = ORG_NAME_MAX - ORG_NAME_SUFFIX.length;
  return `${chars.slice(0, room).join('')}${ORG_NAME_SUFFIX}`;
}

/** The org code of the union founded by an enterprise: its credit code, which is unique per enterprise. */
export const unionCodeOf = (creditCode: string): string => `E${creditCode}`;

/**
 * 网上建会: an enterprise applies to found a union under a county or street union; staff of that upper union
 * approve, which creates the grassroots union in the tree with the applicant as its cadre, in one transaction.
 * One credit code has at most one application pending or approved.
 */
@Injectable()
export class EstablishmentsService {
  constructor(
    private readonly establishments: EstablishmentsRepository,
    private readonly orgs: OrgsService,
    private readonly users: UsersService,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
  ) {}

  async upperUnions(query: UpperUnionQuery): Promise<UpperUnionListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.establishments.upperUnions(query.q, (page - 1) * pageSize, pageSize);
    return { items, total, page, pageSize };
  }

  /**
   * Files an application. Idempotent for its applicant: the same application again (a retry, two at once)
   * returns the pending one; any other application for a credit code already pending or approved is refused.
   */
  async apply(userId: string, request: ApplyEstablishmentRequest): Promise<EstablishmentResponse> {
    const parent = await this.orgs.findRef(request.parentOrgId);
    if (!parent) throw new MembershipError(ErrorCode.OrgNotFound, 'The upper union does not exist');
    if (!UPPER_UNION_TYPES.includes(parent.type)) {
      throw new MembershipError(
        ErrorCode.OrgInvalidParent,
        'A new union is founded under a county or street union',
      );
    }
    const user = await this.users.findById(userId);
    if (!user)
      throw new MembershipError(ErrorCode.Unauthenticated, 'The user of this token no longer exists');

    const id = await this.establishments.transaction(async (m) => {
      const created = await this.establishments.insertPending(
        {
          applicantUserId: userId,
          applicantName: user.displayName,
          parentOrgId: parent.id,
          enterpriseName: request.enterpriseName,
          creditCode: request.creditCode,
          address: request.address,
          employeeCount: request.employeeCount,
          foundingMembers: request.foundingMembers.map((f) => ({ name: f.name, mobile: f.mobile })),
        },
        m,
      );
      if (!created) {
        const open = await this.establishments.findOpenByCreditCode(request.creditCode, m);
        if (open && open.status === 'pending' && sameApplication(open, userId, request)) return open.id;
        throw new MembershipError(
          ErrorCode.CreditCodeInUse,
          'This credit code already has an application pending or approved',
        );
      }
      const row = (await this.establishments.findById(created, m)) as EstablishmentRow;
      await this.audit.record(
        {
          actorUserId: userId,
          action: 'membership.establishment.applied',
          targetType: 'establishment',
          targetId: created,
          orgId: parent.id,
          after: establishmentAuditShape(row),
        },
        m,
      );
      return created;
    });
    return toEstablishmentResponse((await this.establishments.findById(id)) as EstablishmentRow);
  }

  async mine(userId: string, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<EstablishmentListResponse> {
    const { items, total } = await this.establishments.listOfUser(userId, (page - 1) * pageSize, pageSize);
    return { items: items.map(toEstablishmentResponse), total, page, pageSize };
  }

  async review(scope: OrgScope, query: ReviewEstablishmentsQuery): Promise<EstablishmentListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.establishments.search(
      scope,
      query.status,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toEstablishmentResponse), total, page, pageSize };
  }

  /**
   * Approves: the grassroots union appears under the upper union, the applicant becomes its cadre, the applicant
   * hears of it — together or not at all. The approver retrying gets the approved application back.
   */
  async approve(scope: OrgScope, id: string): Promise<EstablishmentResponse> {
    return this.establishments.transaction(async (m) => {
      const e = await this.load(scope, id, m);
      if (e.status !== 'pending') {
        if (e.status === 'approved' && e.decidedBy === scope.userId) return toEstablishmentResponse(e);
        throw this.decided(e);
      }
      const org = await this.orgs.create(
        scope,
        {
          code: unionCodeOf(e.creditCode),
          name: unionNameOf(e.enterpriseName),
          type: OrgType.Grassroots,
          // A grassroots union takes its upper union's area code (the tree's placement rule).
          areaCode: e.parent.areaCode,
          parentId: e.parent.id,
        },
        m,
      );
      await this.users.grantRole(e.applicantUserId, Role.Cadre, org.id, m);
      await this.establishments.approve(e.id, scope.userId, org.id, m);
      const after = (await this.establishments.findById(e.id, m)) as EstablishmentRow;
      await this.notify(
        e,
        {
          kind: 'membership.establishment.approved',
          title: '建会申请已批准',
          body: `${e.parent.name}已批准${e.enterpriseName}建立工会，“${org.name}”已成立。您已成为该工会的工会干部，可在“工作台”发展会员。`,
        },
        m,
      );
      await this.record('membership.establishment.approved', scope.userId, e, after, org.id, m);
      return toEstablishmentResponse(after);
    });
  }

  async reject(scope: OrgScope, id: string, reason: string): Promise<EstablishmentResponse> {
    return this.establishments.transaction(async (m) => {
      const e = await this.load(scope, id, m);
      if (e.status !== 'pending') {
        // A retried rejection: same reviewer, same reason.
        if (e.status === 'rejected' && e.decidedBy === scope.userId && e.rejectReason === reason) {
          return toEstablishmentResponse(e);
        }
        throw this.decided(e);
      }
      await this.establishments.reject(e.id, scope.userId, reason, m);
      const after = (await this.establishments.findById(e.id, m)) as EstablishmentRow;
      await this.notify(
        e,
        {
          kind: 'membership.establishment.rejected',
          title: '建会申请未获批准',
          body: `您为${e.enterpriseName}提交的建会申请未获${e.parent.name}批准，原因：${reason}。`,
        },
        m,
      );
      await this.record('membership.establishment.rejected', scope.userId, e, after, e.parent.id, m);
      return toEstablishmentResponse(after);
    });
  }

  /** The application, locked; OUT_OF_SCOPE when its upper union is not the caller's. */
  private async load(scope: OrgScope, id: string, m: EntityManager): Promise<EstablishmentRow> {
    const e = await this.establishments.findById(id, m, true);
    if (!e) throw new MembershipError(ErrorCode.EstablishmentNotFound, 'No such establishment application');
    scope.assertCovers(e.parent, 'The upper union of this application');
    return e;
  }

  private notify(
    e: EstablishmentRow,
    notice: Pick<NewNotice, 'kind' | 'title' | 'body'>,
    m: EntityManager,
  ): Promise<void> {
    return this.notices.send(
      {
        ...notice,
        userId: e.applicantUserId,
        refType: 'establishment',
        refId: e.id,
        dedupeKey: `establishment:${e.id}:decided`,
      },
      m,
    );
  }

  private record(
    action: string,
    actor: string,
    before: EstablishmentRow,
    after: EstablishmentRow,
    orgId: string,
    m: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        actorUserId: actor,
        action,
        targetType: 'establishment',
        targetId: before.id,
        orgId,
        before: establishmentAuditShape(before),
        after: establishmentAuditShape(after),
      },
      m,
    );
  }

  private decided(e: EstablishmentRow): MembershipError {
    return new MembershipError(ErrorCode.EstablishmentDecided, `This application is already ${e.status}`, {
      status: e.status,
    });
  }
}

/** The stored application is the one this applicant is submitting again. */
function sameApplication(e: EstablishmentRow, userId: string, r: ApplyEstablishmentRequest): boolean {
  return (
    e.applicantUserId === userId &&
    e.parent.id === r.parentOrgId &&
    e.enterpriseName === r.enterpriseName &&
    e.address === r.address &&
    e.employeeCount === r.employeeCount &&
    JSON.stringify(e.foundingMembers.map((f) => [f.name, f.mobile])) ===
      JSON.stringify(r.foundingMembers.map((f) => [f.name, f.mobile]))
  );
}
