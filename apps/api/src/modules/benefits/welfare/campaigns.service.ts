import { Injectable } from '@nestjs/common';
import {
  type CreateWelfareCampaignRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type Occupation,
  type UpdateWelfareCampaignRequest,
  type WelfareCampaignListQuery,
  type WelfareCampaignListResponse,
  type WelfareCampaignResponse,
  type WelfareProgressResponse,
} from '@smartunion/contracts';

import { AuditService } from '../../../platform/audit/audit.service';
import type { Db } from '../../../platform/database/sql';
import { invalid } from '../../../platform/errors/common-errors';
import { QueueRegistry } from '../../../platform/queues/queues.module';
import { JobName } from '../../../platform/queues/queue-names';
import { isWithin, type OrgScope } from '../../../platform/scope/org-scope';
import { OrgsService } from '../../orgs/orgs.service';
import { StationsService } from '../../stations/stations.service';
import { type CampaignFields, type CampaignRow, WelfareCampaignsRepository } from './campaigns.repository';
import { WelfareProgressRepository } from './progress.repository';
import type { WelfareAllocateJobData } from './welfare-allocate.job';
import { WelfareError } from './welfare.errors';
import { toCampaignResponse } from './welfare.mapper';

const DEFAULT_UNIT = '份';

function checkWindow(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw invalid('endsAt', 'endsAt must be after startsAt', 'Invalid endsAt');
}

/** What the audit log keeps of a campaign. */
const snapshot = (
  f: CampaignFields,
  regionOrgIds: string[],
  stationIds: string[],
): Record<string, unknown> => ({
  ...f,
  regionOrgIds,
  stationIds,
});

/**
 * Welfare campaigns as staff run them: drafts within their scope (target region, occupations, quantity,
 * pick-up stations), publishing (which allots the shares through a job), closing, and progress per city.
 * Editing needs the scope to cover the organising union; reading needs the two subtrees to meet.
 */
@Injectable()
export class WelfareCampaignsService {
  constructor(
    private readonly campaigns: WelfareCampaignsRepository,
    private readonly progressRepo: WelfareProgressRepository,
    private readonly orgs: OrgsService,
    private readonly stations: StationsService,
    private readonly audit: AuditService,
    private readonly queues: QueueRegistry,
  ) {}

  async create(scope: OrgScope, request: CreateWelfareCampaignRequest): Promise<WelfareCampaignResponse> {
    const org = await this.orgs.get(scope, request.orgId);
    const fields: CampaignFields = {
      title: request.title,
      goods: request.goods,
      unit: request.unit ?? DEFAULT_UNIT,
      description: request.description ?? '',
      quantityPerMember: request.quantityPerMember,
      occupations: [...new Set<Occupation>(request.occupations)],
      verifiedOnly: request.verifiedOnly ?? false,
      startsAt: new Date(request.startsAt),
      endsAt: new Date(request.endsAt),
    };
    checkWindow(fields.startsAt, fields.endsAt);
    const regionIds = await this.checkRegions(org.path, request.regionOrgIds ?? []);
    const stationIds = await this.checkStations(scope, org.path, request.stationIds);
    const id = await this.campaigns.transaction(async (m) => {
      const created = await this.campaigns.insert(org.id, fields, scope.actorUserId, m);
      await this.writeTargets(created, regionIds, stationIds, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'welfare.campaign_created',
          targetType: 'welfare_campaign',
          targetId: created,
          orgId: org.id,
          after: snapshot(fields, regionIds, stationIds),
        },
        m,
      );
      return created;
    });
    return this.get(scope, id);
  }

  /** Drafts only: a published campaign's shares are already allotted. */
  async update(
    scope: OrgScope,
    id: string,
    request: UpdateWelfareCampaignRequest,
  ): Promise<WelfareCampaignResponse> {
    const current = await this.load(scope, id, 'edit');
    const regionIds = request.regionOrgIds
      ? await this.checkRegions(current.orgPath, request.regionOrgIds)
      : current.regions.map((r) => r.id);
    const stationIds = request.stationIds
      ? await this.checkStations(scope, current.orgPath, request.stationIds)
      : current.stations.map((s) => s.id);
    await this.campaigns.transaction(async (m) => {
      const locked = await this.load(scope, id, 'edit', m);
      if (locked.status !== 'draft') {
        throw new WelfareError(ErrorCode.CampaignLocked, 'Only a draft campaign can be edited');
      }
      const before = this.fieldsOf(locked);
      const after: CampaignFields = {
        title: request.title ?? before.title,
        goods: request.goods ?? before.goods,
        unit: request.unit ?? before.unit,
        description: request.description ?? before.description,
        quantityPerMember: request.quantityPerMember ?? before.quantityPerMember,
        occupations: request.occupations ? [...new Set(request.occupations)] : before.occupations,
        verifiedOnly: request.verifiedOnly ?? before.verifiedOnly,
        startsAt: request.startsAt ? new Date(request.startsAt) : before.startsAt,
        endsAt: request.endsAt ? new Date(request.endsAt) : before.endsAt,
      };
      checkWindow(after.startsAt, after.endsAt);
      await this.campaigns.update(id, after, m);
      await this.writeTargets(id, regionIds, stationIds, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'welfare.campaign_updated',
          targetType: 'welfare_campaign',
          targetId: id,
          orgId: locked.org.id,
          before: snapshot(
            before,
            locked.regions.map((r) => r.id),
            locked.stations.map((s) => s.id),
          ),
          after: snapshot(after, regionIds, stationIds),
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  /**
   * Draft → published, then the allocation job. Idempotent: publishing a published campaign changes nothing
   * and only re-enqueues the job (same job id, so BullMQ keeps one). The job also re-runs daily while the
   * campaign is published, so members who join later get their share.
   */
  async publish(scope: OrgScope, id: string): Promise<WelfareCampaignResponse> {
    await this.campaigns.transaction(async (m) => {
      const c = await this.load(scope, id, 'edit', m);
      if (c.status === 'published') return;
      if (c.status === 'closed') throw new WelfareError(ErrorCode.CampaignLocked, 'This campaign is closed');
      if (c.endsAt <= new Date()) {
        throw new WelfareError(ErrorCode.CampaignNotOpen, 'The campaign window is already over');
      }
      await this.campaigns.publish(id, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'welfare.campaign_published',
          targetType: 'welfare_campaign',
          targetId: id,
          orgId: c.org.id,
        },
        m,
      );
    });
    const published = await this.load(scope, id, 'view');
    // Keyed by the publication instant too: ids restart after a database reset, Redis job ids may not.
    await this.queues.add<WelfareAllocateJobData>(
      JobName.WelfareAllocate,
      { campaignId: id },
      { jobId: `welfare-allocate-${id}-${published.publishedAt?.getTime() ?? 0}` },
    );
    return toCampaignResponse(published, new Date());
  }

  /** Stops pick-ups (and any allocation still running). Idempotent. */
  async close(scope: OrgScope, id: string): Promise<WelfareCampaignResponse> {
    await this.campaigns.transaction(async (m) => {
      const c = await this.load(scope, id, 'edit', m);
      if (!(await this.campaigns.close(id, m))) return;
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'welfare.campaign_closed',
          targetType: 'welfare_campaign',
          targetId: id,
          orgId: c.org.id,
          before: { status: c.status },
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  async get(scope: OrgScope, id: string): Promise<WelfareCampaignResponse> {
    return toCampaignResponse(await this.load(scope, id, 'view'), new Date());
  }

  async list(scope: OrgScope, query: WelfareCampaignListQuery): Promise<WelfareCampaignListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.campaigns.list(
      scope.paths,
      query.status,
      (page - 1) * pageSize,
      pageSize,
    );
    const now = new Date();
    return { items: items.map((c) => toCampaignResponse(c, now)), total, page, pageSize };
  }

  /** Allotted vs picked up per child of the organising union (per city, or per county), of members in scope. */
  async progress(scope: OrgScope, id: string): Promise<WelfareProgressResponse> {
    const c = await this.load(scope, id, 'view');
    const groupLevel = c.orgPath.split('.').length + 1;
    // Only members inside both the scope and the campaign's subtree count.
    const paths = scope.covers(c.orgPath) ? [c.orgPath] : scope.paths.filter((p) => isWithin(p, c.orgPath));
    const [groups, stations] = await Promise.all([
      this.progressRepo.groups(id, groupLevel, paths),
      this.progressRepo.stations(id, paths),
    ]);
    const totals = { allotted: 0, pickedUp: 0, allottedQuantity: 0, pickedUpQuantity: 0 };
    for (const g of groups) {
      totals.allotted += g.allotted;
      totals.pickedUp += g.pickedUp;
      totals.allottedQuantity += g.allottedQuantity;
      totals.pickedUpQuantity += g.pickedUpQuantity;
    }
    return { campaignId: id, totals, groups, stations };
  }

  /** Seed use: the id of the campaign of `orgId` titled `title`, if any. */
  findIdByOrgTitle(orgId: string, title: string): Promise<string | null> {
    return this.campaigns.findIdByOrgTitle(orgId, title);
  }

  /** Region orgs must lie inside the organising union's subtree (so inside the scope too). */
  private async checkRegions(orgPath: string, ids: string[]): Promise<string[]> {
    for (const id of new Set(ids)) {
      const ref = await this.orgs.findRef(id);
      if (!ref || !isWithin(ref.path, orgPath)) {
        throw invalid('regionOrgIds', `org ${id} is not inside the organising union`, 'Invalid regionOrgIds');
      }
    }
    return [...new Set(ids)];
  }

  /** Stations must be active, inside the caller's scope (StationsService says so) and the campaign's subtree. */
  private async checkStations(scope: OrgScope, orgPath: string, ids: string[]): Promise<string[]> {
    for (const id of new Set(ids)) {
      const station = await this.stations.get(scope, id);
      const stationOrg = await this.orgs.findRef(station.org.id);
      if (!stationOrg || !isWithin(stationOrg.path, orgPath)) {
        throw invalid('stationIds', `station ${id} is not inside the organising union`, 'Invalid stationIds');
      }
      if (station.status !== 'active')
        throw invalid('stationIds', `station ${id} is closed`, 'Invalid stationIds');
    }
    return [...new Set(ids)];
  }

  private async writeTargets(id: string, regionIds: string[], stationIds: string[], m: Db): Promise<void> {
    await this.campaigns.replaceRegions(id, regionIds, m);
    await this.campaigns.replaceStations(id, stationIds, m);
  }

  private async load(scope: OrgScope, id: string, mode: 'view' | 'edit', m?: Db): Promise<CampaignRow> {
    const c = await this.campaigns.findById(id, m, mode === 'edit' && m !== undefined);
    if (!c) throw new WelfareError(ErrorCode.CampaignNotFound, 'No such campaign');
    if (mode === 'edit' || !scope.paths.some((p) => isWithin(p, c.orgPath))) {
      scope.assertCovers({ path: c.orgPath }, 'This campaign');
    }
    return c;
  }

  private fieldsOf(c: CampaignRow): CampaignFields {
    return {
      title: c.title,
      goods: c.goods,
      unit: c.unit,
      description: c.description,
      quantityPerMember: c.quantityPerMember,
      occupations: c.occupations,
      verifiedOnly: c.verifiedOnly,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
    };
  }
}
