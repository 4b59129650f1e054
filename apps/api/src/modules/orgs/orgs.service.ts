import { Injectable } from '@nestjs/common';
import {
  type CreateOrgRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type OrgDetailResponse,
  type OrgListQuery,
  type OrgListResponse,
  type OrgRef,
  type OrgResponse,
  OrgType,
  type UpdateOrgRequest,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../../platform/audit/audit.service';
import { isForeignKeyViolation, onUniqueViolation } from '../../platform/database/postgres-errors';
import { taken } from '../../platform/errors/common-errors';
import type { DomainError } from '../../platform/errors/domain-error';
import type { OrgScope, ScopeRoot } from '../../platform/scope/org-scope';
import { auditShape, toOrgDetail, toOrgRef, toOrgResponse } from './org.mapper';
import { areaProblem, type PlacementProblem, placementProblem } from './org-rules';
import { OrgError } from './orgs.errors';
import { type NewOrg, type OrgWithCount, OrgsRepository } from './orgs.repository';

const codeTaken = (code: string | undefined): DomainError =>
  taken(ErrorCode.OrgCodeTaken, `Org code ${code} is already used`);

/** The union tree: read and change orgs within the caller's scope; every change is audited. */
@Injectable()
export class OrgsService {
  constructor(
    private readonly orgs: OrgsRepository,
    private readonly audit: AuditService,
  ) {}

  async get(scope: OrgScope, id: string): Promise<OrgDetailResponse> {
    const org = await this.load(scope, id);
    return toOrgDetail(org, await this.orgs.ancestors(org.path));
  }

  /**
   * Children of `parentId`, or a search within the scope. With neither a parent nor a filter it lists the roots
   * of the caller's scope, the natural start of a tree view.
   */
  async list(scope: OrgScope, query: OrgListQuery): Promise<OrgListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.parentId) await this.load(scope, query.parentId);
    if (!query.parentId && !query.type && !query.q) {
      const roots = await Promise.all(scope.roots.map((r) => this.orgs.findById(r.orgId)));
      const items = roots.filter((o): o is OrgWithCount => o !== null).map(toOrgResponse);
      return {
        items: items.slice((page - 1) * pageSize, page * pageSize),
        total: items.length,
        page,
        pageSize,
      };
    }
    const { items, total } = await this.orgs.search(scope, {
      parentId: query.parentId,
      type: query.type,
      q: query.q,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: items.map(toOrgResponse), total, page, pageSize };
  }

  /**
   * Creates an org under a parent in scope. With `manager` it joins the caller's transaction (another area
   * creating a union as part of its own change, e.g. an approved establishment) instead of opening one.
   */
  async create(scope: OrgScope, request: CreateOrgRequest, manager?: EntityManager): Promise<OrgResponse> {
    const work = async (m: EntityManager): Promise<OrgResponse> => {
      const parent = await this.load(scope, request.parentId, m, true, 'The parent organisation');
      const problem = placementProblem(parent, request);
      if (problem) throw this.placementError(problem);
      const created = await this.orgs.insert(request, parent.id, m);
      if (!created) throw codeTaken(request.code);
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'org.created',
          targetType: 'org',
          targetId: created.id,
          orgId: created.id,
          after: auditShape(created),
        },
        m,
      );
      return toOrgResponse(created);
    };
    return manager ? work(manager) : this.orgs.transaction(work);
  }

  async update(scope: OrgScope, id: string, patch: UpdateOrgRequest): Promise<OrgResponse> {
    return this.orgs.transaction(async (m) => {
      const org = await this.load(scope, id, m, true);
      if (patch.areaCode && patch.areaCode !== org.areaCode) {
        const parent = org.parentId ? await this.orgs.findById(org.parentId, m) : null;
        const problem = parent ? areaProblem(parent, { type: org.type, areaCode: patch.areaCode }) : null;
        if (problem) throw this.placementError({ kind: 'area', message: problem });
        const digits = org.type === 'province' ? 2 : org.type === 'city' ? 4 : 6;
        if (await this.orgs.childrenOutsideArea(org.id, patch.areaCode, digits, m)) {
          throw new OrgError(
            ErrorCode.OrgAreaCodeMismatch,
            'Some child organisations lie outside the new area code',
          );
        }
      }
      const updated = await this.orgs
        .update(org.id, patch, m)
        .catch(onUniqueViolation({ orgs_code_uq: () => codeTaken(patch.code) }));
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'org.updated',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          before: auditShape(org),
          after: auditShape(updated),
        },
        m,
      );
      return toOrgResponse(updated);
    });
  }

  /** Moves an org and its whole subtree under a new parent; both ends must be in the caller's scope. */
  async move(scope: OrgScope, id: string, newParentId: string, areaCode?: string): Promise<OrgResponse> {
    return this.orgs.transaction(async (m) => {
      const org = await this.load(scope, id, m, true);
      if (!org.parentId)
        throw new OrgError(ErrorCode.OrgInvalidParent, 'The root organisation cannot be moved');
      const parent = await this.load(scope, newParentId, m, true, 'The new parent organisation');
      if (parent.path === org.path || parent.path.startsWith(`${org.path}.`)) {
        throw new OrgError(
          ErrorCode.OrgMoveIntoSubtree,
          'An organisation cannot be moved under itself or its own subtree',
        );
      }
      const problem = placementProblem(parent, { type: org.type, areaCode: areaCode ?? org.areaCode });
      if (problem) throw this.placementError(problem);
      if (parent.id !== org.parentId) await this.orgs.move(org.id, parent.id, areaCode, m);
      const moved = (await this.orgs.findById(org.id, m)) as OrgWithCount;
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'org.moved',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          before: auditShape(org),
          after: auditShape(moved),
        },
        m,
      );
      return toOrgResponse(moved);
    });
  }

  async delete(scope: OrgScope, id: string): Promise<void> {
    await this.orgs.transaction(async (m) => {
      const org = await this.load(scope, id, m, true);
      if (!org.parentId) throw new OrgError(ErrorCode.OrgInUse, 'The root organisation cannot be deleted');
      if (org.childCount > 0) {
        throw new OrgError(
          ErrorCode.OrgHasChildren,
          `This organisation still has ${org.childCount} child organisations`,
        );
      }
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'org.deleted',
          targetType: 'org',
          targetId: org.id,
          orgId: null,
          before: auditShape(org),
        },
        m,
      );
      await this.orgs.delete(org.id, m).catch((e: unknown) => {
        if (isForeignKeyViolation(e))
          throw new OrgError(
            ErrorCode.OrgInUse,
            'Members, roles or records still belong to this organisation',
          );
        throw e;
      });
    });
  }

  /** System use only (seed, provisioning): the root org with this code, created if missing. */
  async ensureRoot(org: NewOrg): Promise<ScopeRoot> {
    const [existing] = await this.orgs.findByCodes([org.code]);
    if (existing) {
      if (existing.parentId)
        throw new OrgError(ErrorCode.OrgCodeTaken, `${org.code} exists and is not a root`);
      return { orgId: existing.id, path: existing.path };
    }
    const created = await this.orgs.insert(org, null);
    const root = created ?? (await this.orgs.findByCodes([org.code]))[0];
    return { orgId: root.id, path: root.path };
  }

  /**
   * An org by id without a scope check, or null: for other areas' own rules about an org the caller names but
   * need not manage (the union a member transfers to, the upper union an enterprise applies under).
   */
  async findRef(id: string): Promise<(OrgRef & { path: string }) | null> {
    const org = await this.orgs.findById(id);
    return org ? { ...toOrgRef(org), path: org.path } : null;
  }

  /**
   * Orgs among `ids` of `type` found by a part of their name or of a union's above them (a place), best matches
   * first, each with the names of its path. No scope: union names are public (a join code shows its union to
   * anyone); `ids` is the owning area's own selection (the unions taking applications online).
   */
  async searchNamed(
    ids: readonly string[],
    type: OrgType,
    q: string,
    page: { offset: number; limit: number },
  ): Promise<{ items: (OrgRef & { pathNames: string[] })[]; total: number }> {
    if (ids.length === 0) return { items: [], total: 0 };
    const { items, total } = await this.orgs.searchNamed({ ids, type, q, ...page });
    return { items: items.map((o) => ({ ...toOrgRef(o), pathNames: o.pathNames })), total };
  }

  /**
   * The province `orgId` lies in (with no org, the tree's first province) and its city-level unions, with their
   * paths. No scope: union names are public, and the station finder serves visitors. Null when there is no such
   * province; ORG_NOT_FOUND for an unknown org.
   */
  async provinceCities(
    orgId?: string,
  ): Promise<{ province: OrgRef; cities: (OrgRef & { path: string })[] } | null> {
    let province: OrgWithCount | undefined;
    if (orgId) {
      const org = await this.orgs.findById(orgId);
      if (!org) throw new OrgError(ErrorCode.OrgNotFound, 'This organisation does not exist');
      province = [...(await this.orgs.ancestors(org.path)), org].find((o) => o.type === OrgType.Province);
    } else {
      province = (await this.orgs.findRoots()).find((o) => o.type === OrgType.Province);
    }
    if (!province) return null;
    const cities = await this.orgs.childrenOfType(province.id, OrgType.City);
    return { province: toOrgRef(province), cities: cities.map((c) => ({ ...toOrgRef(c), path: c.path })) };
  }

  /** Ids of the orgs with these codes (system use: seed, imports of other areas). */
  async idsByCode(codes: string[]): Promise<Map<string, string>> {
    return new Map((await this.orgs.findByCodes(codes)).map((o) => [o.code, o.id]));
  }

  /** Loads an org the scope covers: ORG_NOT_FOUND if it does not exist, OUT_OF_SCOPE if it is not the caller's. */
  private async load(
    scope: OrgScope,
    id: string,
    manager?: EntityManager,
    lock = false,
    what = 'This organisation',
  ): Promise<OrgWithCount> {
    const org = await this.orgs.findById(id, manager, lock);
    if (!org) throw new OrgError(ErrorCode.OrgNotFound, `${what} does not exist`);
    scope.assertCovers(org, what);
    return org;
  }

  private placementError(problem: PlacementProblem): OrgError {
    const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
    return new OrgError(
      problem.kind === 'area' ? ErrorCode.OrgAreaCodeMismatch : ErrorCode.OrgInvalidParent,
      message,
    );
  }
}
