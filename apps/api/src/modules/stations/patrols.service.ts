import { Injectable, Logger } from '@nestjs/common';
import {
  businessDay,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type CreatePatrolRequest,
  PATROL_DUE_DEFAULT_DAYS,
  PATROL_ITEMS,
  type PatrolDueQuery,
  type PatrolDueResponse,
  type PatrolListResponse,
  type PatrolResponse,
  STATION_LEVEL_LABELS,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { isWithin, type OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { NoticesService } from '../notices/notices.service';
import { type PatrolDueRow, type PatrolRecord, PatrolsRepository } from './patrols.repository';
import { StationError } from './stations.errors';
import { type StationRow, StationsRepository } from './stations.repository';

/** A patrol recorded a little ahead of the server clock (a phone's clock) is still accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;

const toDueItem = (r: PatrolDueRow): PatrolDueResponse['items'][number] => ({
  stationId: r.station_id,
  name: r.name,
  level: r.level,
  org: { id: r.org_id, name: r.org_name },
  lastPatrol:
    r.last_id && r.last_at
      ? { id: r.last_id, patrolledAt: r.last_at.toISOString(), failed: r.last_failed ?? 0 }
      : null,
  dueOn: r.due_on,
  overdue: r.days_left < 0,
  daysLeft: r.days_left,
});

/**
 * Station patrols (巡查): staff record them within their scope; each station falls due again a level-dependent
 * interval after its last patrol (PATROL_INTERVAL_MONTHS: province yearly, city half-yearly, county quarterly),
 * and a daily job flags the overdue ones and tells the staff responsible.
 */
@Injectable()
export class PatrolsService {
  private readonly logger = new Logger(PatrolsService.name);

  constructor(
    private readonly patrols: PatrolsRepository,
    private readonly stations: StationsRepository,
    private readonly notices: NoticesService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  async record(
    scope: OrgScope,
    stationId: string,
    request: CreatePatrolRequest,
    now = new Date(),
  ): Promise<PatrolResponse> {
    const station = await this.load(scope, stationId);
    const patrolledAt = request.patrolledAt ? new Date(request.patrolledAt) : now;
    if (
      Number.isNaN(patrolledAt.getTime()) ||
      patrolledAt.getTime() > now.getTime() + CLOCK_SKEW_MS ||
      patrolledAt.getTime() < station.createdAt.getTime()
    ) {
      throw new StationError(
        ErrorCode.PatrolTimeInvalid,
        'patrolledAt must be neither in the future nor before the station was registered',
        [{ field: 'patrolledAt', reasons: ['must lie between the station creation and now'] }],
      );
    }
    // The patrolling federation: the caller's scope root covering the station (scope roots are already the
    // outermost ones, so a caller bound at both a city and one of its counties patrols as the city).
    const org = scope.roots.find((r) => isWithin(station.orgPath, r.path));
    if (!org) throw new StationError(ErrorCode.OutOfScope, 'This station is outside your scope');
    // Stored in the fixed item order, whatever order the client sent.
    const checklist = [...request.checklist]
      .sort((a, b) => PATROL_ITEMS.indexOf(a.item) - PATROL_ITEMS.indexOf(b.item))
      .map((c) =>
        c.note ? { item: c.item, passed: c.passed, note: c.note } : { item: c.item, passed: c.passed },
      );
    const id = await this.patrols.transaction(async (m) => {
      const created = await this.patrols.insert(
        {
          stationId,
          patrolledBy: scope.userId,
          orgId: org.orgId,
          patrolledAt,
          checklist,
          notes: request.notes || null,
          photoUrls: request.photoUrls ?? [],
        },
        m,
      );
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'station.patrolled',
          targetType: 'station',
          targetId: stationId,
          orgId: station.orgId,
          after: {
            patrolId: created,
            byOrgId: org.orgId,
            patrolledAt: patrolledAt.toISOString(),
            failed: checklist.filter((c) => !c.passed).map((c) => c.item),
          },
        },
        m,
      );
      return created;
    });
    const patrol = await this.patrols.findById(id);
    if (!patrol) throw new StationError(ErrorCode.Internal, 'Patrol vanished after insert');
    const [named] = await this.named([patrol]);
    return named;
  }

  async list(
    scope: OrgScope,
    stationId: string,
    page = 1,
    pageSize = DEFAULT_PAGE_SIZE,
  ): Promise<PatrolListResponse> {
    await this.load(scope, stationId);
    const { items, total } = await this.patrols.listForStation(stationId, (page - 1) * pageSize, pageSize);
    return { items: await this.named(items), total, page, pageSize };
  }

  async due(scope: OrgScope, query: PatrolDueQuery, now = new Date()): Promise<PatrolDueResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const today = businessDay(now);
    const { items, total } = await this.patrols.due(
      scope.paths,
      query.status ?? 'due',
      today,
      query.days ?? PATROL_DUE_DEFAULT_DAYS,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toDueItem), total, page, pageSize, today };
  }

  /**
   * Flags the stations overdue as of `now` (Asia/Shanghai day) and sends one notice per new flag to each
   * responsible staff user, in one transaction: a re-run (or a retry after a crash) adds no flag and no notice.
   */
  async flagOverdue(now = new Date()): Promise<{ flagged: number; notified: number }> {
    const today = businessDay(now);
    const result = await this.patrols.transaction(async (m) => {
      const flagged = await this.patrols.flagOverdue(today, m);
      // Staff of the responsible org, through identity's service (flags are few per day: one look-up each).
      const flags = await Promise.all(
        flagged.map(async (f) => ({
          ...f,
          recipients: f.responsibleOrgId
            ? await this.users.holdersOf(`${f.level}_staff`, f.responsibleOrgId, m)
            : [],
        })),
      );
      const notices = flags.flatMap((f) =>
        f.recipients.map((userId) => ({
          userId,
          kind: 'station.patrol_overdue',
          title: '驿站巡查已逾期',
          body: `${f.name}（${STATION_LEVEL_LABELS[f.level]}）应于 ${f.dueOn} 前完成巡查，目前已逾期，请尽快安排巡查。`,
          refType: 'station',
          refId: f.stationId,
          dedupeKey: `station_patrol_overdue:${f.stationId}:${f.dueOn}`,
        })),
      );
      await this.notices.send(notices, m);
      const unowned = flags.filter((f) => f.recipients.length === 0).map((f) => f.stationId);
      if (unowned.length > 0) {
        this.logger.warn(
          { stations: unowned.slice(0, 50), count: unowned.length },
          'Overdue stations with no staff to tell',
        );
      }
      return { flagged: flags.length, notified: notices.length };
    });
    if (result.flagged > 0) this.logger.log(result, 'Flagged overdue station patrols');
    return result;
  }

  /** Names who patrolled, through identity: one look-up for the whole page. */
  private async named(patrols: PatrolRecord[]): Promise<PatrolResponse[]> {
    const names = await this.users.displayNames(patrols.map((p) => p.patrolledBy));
    return patrols.map((p) => ({
      ...p,
      patrolledBy: { userId: p.patrolledBy, displayName: names.get(p.patrolledBy) ?? '' },
    }));
  }

  private async load(scope: OrgScope, id: string): Promise<StationRow> {
    const station = await this.stations.findById(id);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    scope.assertCovers({ path: station.orgPath }, 'This station');
    return station;
  }
}
