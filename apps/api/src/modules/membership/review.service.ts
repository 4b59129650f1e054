import { Injectable } from '@nestjs/common';
import {
  type BatchApproveResponse,
  businessDay,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type JoinApplicationListResponse,
  type JoinApplicationResponse,
  type ReviewApplicationsQuery,
  Role,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../../platform/audit/audit.service';
import { invalid } from '../../platform/errors/common-errors';
import { DomainError } from '../../platform/errors/domain-error';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { NoticesService } from '../notices/notices.service';
import { OrgsService } from '../orgs/orgs.service';
import { applicationAuditShape, toApplicationResponse } from './application.mapper';
import { type ApplicationRow, ApplicationsRepository } from './applications.repository';
import { MembersRepository } from './members.repository';
import { MembershipError } from './membership.errors';

const minusYears = (day: string, years: number): string =>
  `${String(Number(day.slice(0, 4)) - years).padStart(4, '0')}${day.slice(4)}`;

/** A cadre's side of joining: the review queue of their scope and the decisions, each audited. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly members: MembersRepository,
    private readonly orgs: OrgsService,
    private readonly users: UsersService,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
  ) {}

  async list(scope: OrgScope, query: ReviewApplicationsQuery): Promise<JoinApplicationListResponse> {
    // An empty range would silently list nobody: say what is wrong instead.
    if (query.minAge !== undefined && query.maxAge !== undefined && query.minAge > query.maxAge) {
      throw invalid('maxAge', 'must not be less than minAge', 'maxAge must not be less than minAge');
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const org = query.orgId ? await this.orgs.get(scope, query.orgId) : undefined;
    const today = businessDay();
    const { items, total } = await this.applications.search(scope, {
      status: query.status ?? 'pending',
      orgPath: org?.path,
      occupation: query.occupation,
      // At least minAge: born on or before today minus minAge years; at most maxAge: born after today minus maxAge+1.
      bornOnOrBefore: query.minAge !== undefined ? minusYears(today, query.minAge) : undefined,
      bornAfter: query.maxAge !== undefined ? minusYears(today, query.maxAge + 1) : undefined,
      waitingDays: query.waitingDays,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: items.map(toApplicationResponse), total, page, pageSize };
  }

  async get(scope: OrgScope, id: string): Promise<JoinApplicationResponse> {
    return toApplicationResponse(await this.load(scope, id));
  }

  /**
   * Approves: the person becomes a member of the union (a returning member is re-activated there), gets the
   * member role, a history entry and a notice. Approving an approved application again returns it unchanged.
   */
  async approve(scope: OrgScope, id: string): Promise<JoinApplicationResponse> {
    return this.applications.transaction(async (m) => {
      const app = await this.load(scope, id, m);
      if (app.status === 'approved') return toApplicationResponse(app);
      if (app.status !== 'pending') {
        throw new MembershipError(ErrorCode.ApplicationDecided, `This application is ${app.status} already`);
      }
      const memberId = await this.admit(app, scope.userId, m);
      await this.applications.decide(id, { status: 'approved', by: scope.userId, memberId }, m);
      const after = (await this.applications.findById(id, m)) as ApplicationRow;
      await this.notices.send(
        {
          userId: app.userId,
          kind: 'membership.approved',
          title: '入会申请已通过',
          body: `欢迎加入${app.orgName}！您的会员卡已开通，可在“我的 - 会员卡”查看。`,
          refType: 'join_application',
          refId: id,
          dedupeKey: `join_application:${id}:decided`,
        },
        m,
      );
      await this.record('membership.application.approved', scope.userId, app, after, m);
      return toApplicationResponse(after);
    });
  }

  async reject(scope: OrgScope, id: string, reason: string): Promise<JoinApplicationResponse> {
    return this.applications.transaction(async (m) => {
      const app = await this.load(scope, id, m);
      if (app.status === 'rejected' && app.rejectReason === reason) return toApplicationResponse(app);
      if (app.status !== 'pending') {
        throw new MembershipError(ErrorCode.ApplicationDecided, `This application is ${app.status} already`);
      }
      await this.applications.decide(id, { status: 'rejected', by: scope.userId, reason }, m);
      const after = (await this.applications.findById(id, m)) as ApplicationRow;
      await this.notices.send(
        {
          userId: app.userId,
          kind: 'membership.rejected',
          title: '入会申请未通过',
          body: `您向${app.orgName}提交的入会申请未通过，原因：${reason}。如有疑问请联系该工会。`,
          refType: 'join_application',
          refId: id,
          dedupeKey: `join_application:${id}:decided`,
        },
        m,
      );
      await this.record('membership.application.rejected', scope.userId, app, after, m);
      return toApplicationResponse(after);
    });
  }

  /** Approves each application in its own transaction, so one failure never blocks or undoes the others. */
  async batchApprove(scope: OrgScope, ids: string[]): Promise<BatchApproveResponse> {
    const result: BatchApproveResponse = { approved: [], failed: [] };
    for (const id of [...new Set(ids)]) {
      try {
        await this.approve(scope, id);
        result.approved.push(id);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        result.failed.push({ id, code: e.code, message: e.message });
      }
    }
    return result;
  }

  /** Creates or re-activates the member; refuses when the person is an active member already. */
  private async admit(app: ApplicationRow, actor: string, m: EntityManager): Promise<string> {
    const existingOfUser = await this.members.findByUserId(app.userId, m, true);
    if (existingOfUser?.status === 'active') {
      throw new MembershipError(
        ErrorCode.AlreadyMember,
        `The applicant is a member of ${existingOfUser.orgName}`,
      );
    }
    const cipher = await this.applications.idCipherOf(app.id, m);
    const person = {
      name: app.name,
      mobile: app.mobile,
      idCipher: cipher,
      idHash: app.idHash,
      idMasked: app.idMasked,
      birthDate: app.birthDate,
      gender: app.gender,
      employer: app.employer,
      occupation: app.occupation,
      newEmploymentForm: app.newEmploymentForm,
    };
    const created = await this.members.insert(
      {
        ...person,
        userId: app.userId,
        orgId: app.orgId,
        source: 'join',
        verification: app.verification,
        verifiedAt: app.verifiedAt,
      },
      m,
    );
    let memberId: string;
    if (created) {
      memberId = created.id;
    } else {
      const returning = await this.members.reactivate(
        app.idHash,
        { ...person, userId: app.userId, orgId: app.orgId },
        m,
      );
      if (!returning) {
        throw new MembershipError(
          ErrorCode.AlreadyMember,
          'This person is an active member of another union',
        );
      }
      memberId = returning;
    }
    await this.members.addEvents([{ memberId, kind: 'joined', orgId: app.orgId, actorUserId: actor }], m);
    await this.users.grantRole(app.userId, Role.Member, app.orgId, m);
    await this.users.adoptRealName(app.userId, app.name, m);
    return memberId;
  }

  /** Locks and loads an application the scope covers; 404 when missing, 403 when outside the scope. */
  private async load(scope: OrgScope, id: string, m?: EntityManager): Promise<ApplicationRow> {
    const app = await this.applications.findById(id, m, Boolean(m));
    if (!app) throw new MembershipError(ErrorCode.ApplicationNotFound, 'No such application');
    scope.assertCovers({ path: app.orgPath }, 'This application');
    return app;
  }

  private async record(
    action: string,
    actor: string,
    before: ApplicationRow,
    after: ApplicationRow,
    m: EntityManager,
  ): Promise<void> {
    await this.audit.record(
      {
        actorUserId: actor,
        action,
        targetType: 'join_application',
        targetId: before.id,
        orgId: before.orgId,
        before: applicationAuditShape(before),
        after: applicationAuditShape(after),
      },
      m,
    );
  }
}
