import { Inject, Injectable } from '@nestjs/common';
import {
  type CoordSystem,
  type CreateStationRequest,
  DEFAULT_COORD_SYSTEM,
  DEFAULT_DOOR_RADIUS_M,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  NEARBY_DEFAULT_LIMIT,
  NEARBY_DEFAULT_RADIUS_M,
  type NearbyStationsQuery,
  type NearbyStationsResponse,
  type StationCitiesQuery,
  type StationCitiesResponse,
  type OpeningHours,
  Role,
  type StationListQuery,
  type StationListResponse,
  type StationResponse,
  type UpdateStationRequest,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { Db } from '../../platform/database/sql';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { OrgsService } from '../orgs/orgs.service';
import { fromWgs84, roundPoint, toWgs84 } from './coordinates';
import { toNearbyResponse, toStationResponse } from './station.mapper';
import { StationError } from './stations.errors';
import { type StationFields, type StationRow, StationsRepository } from './stations.repository';

/** 24-hour stations carry no times; otherwise both times, and they must differ (a zero-length day is a typo). */
function checkHours(hours: OpeningHours): OpeningHours {
  if (hours.always) return { always: true };
  if (!hours.opens || !hours.closes || hours.opens === hours.closes) {
    throw new StationError(
      ErrorCode.StationHoursInvalid,
      'Opening hours need distinct opens and closes times',
      [{ field: 'hours', reasons: ['opens and closes must both be set and differ unless always is true'] }],
    );
  }
  return { always: false, opens: hours.opens, closes: hours.closes };
}

/** Public nearby searches one client address may make per minute. */
const NEARBY_PER_IP_PER_MINUTE = 300;

/** City lists one client address may ask for per minute (a finder asks once, then remembers the choice). */
const CITIES_PER_IP_PER_MINUTE = 60;

/** What the audit log keeps of a station (WGS-84). */
const snapshot = (f: StationFields): Record<string, unknown> => ({ ...f });

/**
 * The post-station registry (staff, within their scope) and the nearest-station search (anyone, no login).
 * Locations are stored in WGS-84 and converted at the edges to the caller's datum.
 */
@Injectable()
export class StationsService {
  constructor(
    private readonly stations: StationsRepository,
    private readonly orgs: OrgsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: OrgScope, request: CreateStationRequest): Promise<StationResponse> {
    const org = await this.orgs.get(scope, request.orgId);
    const coord = request.coord ?? DEFAULT_COORD_SYSTEM;
    const fields: StationFields = {
      orgId: org.id,
      name: request.name,
      address: request.address,
      location: toWgs84(request.location, coord),
      hours: checkHours(request.hours),
      capacity: request.capacity,
      amenities: request.amenities,
      level: request.level,
      photos: request.photos,
      verifiedOnly: request.verifiedOnly,
      doorRadiusMeters: request.doorRadiusMeters ?? DEFAULT_DOOR_RADIUS_M,
      status: 'active',
    };
    const id = await this.stations.transaction(async (m) => {
      const created = await this.stations.insert(fields, m);
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'station.created',
          targetType: 'station',
          targetId: created,
          orgId: org.id,
          after: snapshot(fields),
        },
        m,
      );
      return created;
    });
    return this.get(scope, id, coord);
  }

  async update(scope: OrgScope, id: string, request: UpdateStationRequest): Promise<StationResponse> {
    const coord = request.coord ?? DEFAULT_COORD_SYSTEM;
    // Moving a station needs the target org in scope as well as the station itself.
    if (request.orgId) await this.orgs.get(scope, request.orgId);
    await this.stations.transaction(async (m) => {
      const current = await this.load(scope, id, m, true);
      const before = this.fieldsOf(current);
      const after: StationFields = {
        orgId: request.orgId ?? before.orgId,
        name: request.name ?? before.name,
        address: request.address ?? before.address,
        location: request.location ? toWgs84(request.location, coord) : before.location,
        hours: request.hours ? checkHours(request.hours) : before.hours,
        capacity: request.capacity ?? before.capacity,
        amenities: request.amenities ?? before.amenities,
        level: request.level ?? before.level,
        photos: request.photos ?? before.photos,
        verifiedOnly: request.verifiedOnly ?? before.verifiedOnly,
        doorRadiusMeters: request.doorRadiusMeters ?? before.doorRadiusMeters,
        status: request.status ?? before.status,
      };
      await this.stations.update(id, after, m);
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'station.updated',
          targetType: 'station',
          targetId: id,
          orgId: after.orgId,
          before: snapshot(before),
          after: snapshot(after),
        },
        m,
      );
    });
    return this.get(scope, id, coord);
  }

  async get(
    scope: OrgScope,
    id: string,
    coord: CoordSystem = DEFAULT_COORD_SYSTEM,
  ): Promise<StationResponse> {
    const station = await this.load(scope, id);
    const names = await this.users.displayNames(station.masterIds);
    return toStationResponse(station, coord, new Date(), names);
  }

  async list(scope: OrgScope, query: StationListQuery): Promise<StationListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    const orgPath = query.orgId ? (await this.orgs.get(scope, query.orgId)).path : undefined;
    const { items, total } = await this.stations.list(
      scope,
      { orgPath, q: query.q },
      (page - 1) * pageSize,
      pageSize,
    );
    const now = new Date();
    // Every master of the page named in one look-up.
    const names = await this.users.displayNames(items.flatMap((s) => s.masterIds));
    return { items: items.map((s) => toStationResponse(s, coord, now, names)), total, page, pageSize };
  }

  /** Makes the user a master of the station, and grants them the station_master role on its org if missing. */
  async assignMaster(scope: OrgScope, id: string, userId: string): Promise<StationResponse> {
    const station = await this.load(scope, id);
    if (!(await this.users.findById(userId))) throw new StationError(ErrorCode.UserNotFound, 'No such user');
    await this.stations.transaction(async (m) => {
      if (!(await this.stations.addMaster(id, userId, m))) return;
      const granted = await this.users.grantRole(userId, Role.StationMaster, station.orgId, m);
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'station.master_assigned',
          targetType: 'station',
          targetId: id,
          orgId: station.orgId,
          after: { userId, roleGranted: granted },
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  /**
   * Removes the user as master of the station. The org-level station_master binding goes too once they master
   * no other station of that org, so an unassigned master keeps no access.
   */
  async unassignMaster(scope: OrgScope, id: string, userId: string): Promise<StationResponse> {
    const station = await this.load(scope, id);
    await this.stations.transaction(async (m) => {
      if (!(await this.stations.removeMaster(id, userId, m))) return;
      const revoked =
        (await this.stations.masteredInOrg(userId, station.orgId, m)) === 0 &&
        (await this.users.revokeRole(userId, Role.StationMaster, station.orgId, m));
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'station.master_unassigned',
          targetType: 'station',
          targetId: id,
          orgId: station.orgId,
          before: { userId },
          after: { roleRevoked: revoked },
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  /**
   * The station finder as the public route serves it (no login): the same answer, counted per client IP so an
   * anonymous caller cannot hammer the spatial query. Generous, as many phones share a carrier's NAT address.
   */
  async nearbyForVisitor(clientIp: string, query: NearbyStationsQuery): Promise<NearbyStationsResponse> {
    await this.rateLimiter.hit({
      key: `stations:nearby:ip:${clientIp}`,
      limit: NEARBY_PER_IP_PER_MINUTE,
      windowMs: 60_000,
    });
    return this.nearby(query);
  }

  /**
   * The cities of a province with active stations, each with a point to search from: where the station finder
   * looks when the device gives no position. Public like the nearby search (union names are public).
   */
  async citiesForVisitor(clientIp: string, query: StationCitiesQuery): Promise<StationCitiesResponse> {
    await this.rateLimiter.hit({
      key: `stations:cities:ip:${clientIp}`,
      limit: CITIES_PER_IP_PER_MINUTE,
      windowMs: 60_000,
    });
    return this.cities(query);
  }

  async cities(query: StationCitiesQuery): Promise<StationCitiesResponse> {
    const tree = await this.orgs.provinceCities(query.orgId);
    if (!tree) return { province: null, items: [] };
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    const centres = new Map(
      (await this.stations.subtreeCentres(tree.cities.map((c) => c.path))).map((c) => [c.path, c]),
    );
    const items = tree.cities.flatMap(({ path, ...org }) => {
      const centre = centres.get(path);
      return centre
        ? [
            {
              org,
              centre: roundPoint(fromWgs84(centre.location, coord)),
              coord,
              stationCount: centre.stations,
            },
          ]
        : [];
    });
    return { province: tree.province, items };
  }

  /** Nearest open-to-the-public stations for anyone; no scope (visitors search across the province). */
  async nearby(query: NearbyStationsQuery, now = new Date()): Promise<NearbyStationsResponse> {
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    const radius = query.radius ?? NEARBY_DEFAULT_RADIUS_M;
    const limit = query.limit ?? NEARBY_DEFAULT_LIMIT;
    // One row past the limit tells the list that farther stations were left out.
    const rows = await this.stations.nearby({
      center: toWgs84({ lat: query.lat, lng: query.lng }, coord),
      radius,
      amenities: query.amenity ?? [],
      openNow: query.openNow ?? false,
      limit: limit + 1,
      at: now,
      onlineWindowSeconds: this.config.devices.offlineAfterSeconds,
    });
    return {
      items: rows.slice(0, limit).map((r) => toNearbyResponse(r, coord)),
      coord,
      radius,
      more: rows.length > limit,
    };
  }

  /** For other areas' desks (welfare pick-ups): whether the user masters this station. */
  isMasterOf(userId: string, stationId: string): Promise<boolean> {
    return this.stations.isMaster(stationId, userId);
  }

  /** For other areas' set-based reads (welfare's pick-up stations): ids of the stations the user masters. */
  masteredStationIds(userId: string): Promise<string[]> {
    return this.stations.masteredStationIds(userId);
  }

  /** Seed use: the id of a station of `orgId` named `name`, created with these fields if missing. */
  async ensureStation(
    fields: Omit<StationFields, 'doorRadiusMeters'> & { doorRadiusMeters?: number },
  ): Promise<{ id: string; created: boolean }> {
    const existing = await this.stations.findIdByOrgName(fields.orgId, fields.name);
    if (existing) return { id: existing, created: false };
    const id = await this.stations.insert({
      ...fields,
      hours: checkHours(fields.hours),
      doorRadiusMeters: fields.doorRadiusMeters ?? DEFAULT_DOOR_RADIUS_M,
    });
    return { id, created: true };
  }

  /** Seed use: makes the user a master of the station and grants the role; true if newly assigned. */
  async ensureMaster(stationId: string, orgId: string, userId: string): Promise<boolean> {
    return this.stations.transaction(async (m) => {
      const added = await this.stations.addMaster(stationId, userId, m);
      await this.users.grantRole(userId, Role.StationMaster, orgId, m);
      return added;
    });
  }

  private async load(scope: OrgScope, id: string, manager?: Db, lock = false): Promise<StationRow> {
    const station = await this.stations.findById(id, manager, lock);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    scope.assertCovers({ path: station.orgPath }, 'This station');
    return station;
  }

  private fieldsOf(s: StationRow): StationFields {
    return {
      orgId: s.orgId,
      name: s.name,
      address: s.address,
      location: s.location,
      hours: s.hours,
      capacity: s.capacity,
      amenities: s.amenities,
      level: s.level,
      photos: s.photos,
      verifiedOnly: s.verifiedOnly,
      doorRadiusMeters: s.doorRadiusMeters,
      status: s.status,
    };
  }
}
