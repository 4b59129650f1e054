import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Amenity,
  GeoPoint,
  OpeningHours,
  OrgType,
  StationLevel,
  StationStatus,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { businessTimeSql } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRows } from '../../platform/database/sql';
import { geographyParam } from '../../platform/geo/geo-sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';

/** A station as stored: location in WGS-84. */
export interface StationRow {
  id: string;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  name: string;
  address: string;
  location: GeoPoint;
  hours: OpeningHours;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verifiedOnly: boolean;
  /** A member opens the door only within this many metres. */
  doorRadiusMeters: number;
  status: StationStatus;
  /** User ids of its masters in assignment order; the service names them through identity. */
  masterIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** What create and update write; `location` in WGS-84. */
export interface StationFields {
  orgId: string;
  name: string;
  address: string;
  location: GeoPoint;
  hours: OpeningHours;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verifiedOnly: boolean;
  doorRadiusMeters: number;
  status: StationStatus;
}

export interface NearbySearch {
  /** WGS-84. */
  center: GeoPoint;
  radius: number;
  amenities: Amenity[];
  openNow: boolean;
  limit: number;
  /** The instant "open now" refers to. */
  at: Date;
  /** A device heard from within this many seconds is online (STATION_OFFLINE_AFTER_SECONDS). */
  onlineWindowSeconds: number;
}

export interface NearbyRow {
  id: string;
  name: string;
  address: string;
  orgName: string;
  location: GeoPoint;
  distance: number;
  hours: OpeningHours;
  openNow: boolean;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verifiedOnly: boolean;
  occupancy: number | null;
  online: boolean;
}

interface BaseRow {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  always_open: boolean;
  opens: string | null;
  closes: string | null;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verified_only: boolean;
}

interface Row extends BaseRow {
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  door_radius_m: number;
  status: StationStatus;
  master_ids: string[];
  created_at: Date;
  updated_at: Date;
}

interface NearbyDbRow extends BaseRow {
  org_name: string;
  distance: number;
  open_now: boolean;
  occupancy: number | null;
  online: boolean;
}

const BASE_COLUMNS = `s.id, s.name, s.address, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng,
  s.always_open, to_char(s.opens_at, 'HH24:MI') AS opens, to_char(s.closes_at, 'HH24:MI') AS closes, s.capacity,
  s.amenities, s.level, s.photos, s.verified_only`;

const COLUMNS = `${BASE_COLUMNS}, s.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, s.door_radius_m, s.status, s.created_at, s.updated_at,
  COALESCE((SELECT array_agg(m.user_id::text ORDER BY m.created_at, m.user_id)
              FROM station_masters m WHERE m.station_id = s.id), '{}') AS master_ids`;

const hoursOf = (r: BaseRow): OpeningHours =>
  r.always_open || !r.opens || !r.closes
    ? { always: true }
    : { always: false, opens: r.opens, closes: r.closes };

const toRow = (r: Row): StationRow => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  name: r.name,
  address: r.address,
  location: { lat: r.lat, lng: r.lng },
  hours: hoursOf(r),
  capacity: r.capacity,
  amenities: r.amenities,
  level: r.level,
  photos: r.photos,
  verifiedOnly: r.verified_only,
  doorRadiusMeters: r.door_radius_m,
  status: r.status,
  masterIds: r.master_ids,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * "Open at $param" in Asia/Shanghai, the same rule as opening-hours.ts `isOpenAt`: opening minute included,
 * closing minute excluded, `closes_at < opens_at` past midnight.
 */
const openAt = (param: number): string => {
  const t = `${businessTimeSql(`$${param}::timestamptz`)}::time`;
  return `(s.always_open OR CASE WHEN s.opens_at < s.closes_at THEN ${t} >= s.opens_at AND ${t} < s.closes_at
                                 ELSE ${t} >= s.opens_at OR ${t} < s.closes_at END)`;
};

const hoursParams = (h: OpeningHours): [boolean, string | null, string | null] =>
  h.always ? [true, null, null] : [false, h.opens ?? null, h.closes ?? null];

/** Every field of a station in the column order insert and update bind them: org … door radius (15 values). */
function fieldParams(f: StationFields): unknown[] {
  const [always, opens, closes] = hoursParams(f.hours);
  return [
    f.orgId,
    f.name,
    f.address,
    f.location.lng,
    f.location.lat,
    always,
    opens,
    closes,
    f.capacity,
    f.amenities,
    f.level,
    f.photos,
    f.verifiedOnly,
    f.status,
    f.doorRadiusMeters,
  ];
}

@Injectable()
export class StationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(f: StationFields, db: Db = this.db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO stations (org_id, name, address, location, always_open, opens_at, closes_at, capacity, amenities,
                             level, photos, verified_only, status, door_radius_m)
       VALUES ($1, $2, $3, ${geographyParam(4, 5)}, $6, $7, $8, $9, $10::text[], $11, $12::text[], $13, $14, $15)
       RETURNING id`,
      fieldParams(f),
    );
    return id;
  }

  /** Rewrites every field (the service merges the patch into the current row first). */
  async update(id: string, f: StationFields, db: Db = this.db): Promise<void> {
    await sqlRows(
      db,
      `UPDATE stations
          SET org_id = $2, name = $3, address = $4, location = ${geographyParam(5, 6)}, always_open = $7, opens_at = $8,
              closes_at = $9, capacity = $10, amenities = $11::text[], level = $12, photos = $13::text[],
              verified_only = $14, status = $15, door_radius_m = $16, updated_at = now()
        WHERE id = $1`,
      [id, ...fieldParams(f)],
    );
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<StationRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM stations s JOIN orgs o ON o.id = s.org_id WHERE s.id = $1
       ${lock ? 'FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Stations whose org lies in the scope (and under `orgPath` if given), newest first. */
  async list(
    scope: OrgScope,
    filter: { orgPath?: string; q?: string },
    offset: number,
    limit: number,
  ): Promise<{ items: StationRow[]; total: number }> {
    const params: unknown[] = [];
    let where = scope.sqlWhere('o.path', params);
    if (filter.orgPath) {
      params.push(filter.orgPath);
      where += ` AND ${subtreeOf('o.path', `$${params.length}::ltree`)}`;
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where += ` AND s.name ILIKE $${params.length}`;
    }
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM stations s JOIN orgs o ON o.id = s.org_id WHERE ${where}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM stations s JOIN orgs o ON o.id = s.org_id WHERE ${where}
        ORDER BY s.created_at DESC, s.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  /**
   * For each org subtree at `paths` (cities) with active stations: their number and the station nearest their
   * centroid (WGS-84), a point to search from that lies among them. Subtrees without one are left out.
   */
  async subtreeCentres(
    paths: readonly string[],
  ): Promise<{ path: string; stations: number; location: GeoPoint }[]> {
    if (paths.length === 0) return [];
    const rows = await sqlRows<{ path: string; stations: string; lat: number; lng: number }>(
      this.db,
      `WITH members AS (
         SELECT c.path AS city, s.location
           FROM unnest($1::text[]) AS c(path)
           JOIN orgs o ON ${subtreeOf('o.path', 'c.path::ltree')}
           JOIN stations s ON s.org_id = o.id AND s.status = 'active'
       ), centres AS (
         SELECT city, count(*) AS stations, ST_Centroid(ST_Collect(location::geometry))::geography AS centroid
           FROM members GROUP BY city
       )
       SELECT c.city AS path, c.stations, ST_Y(n.location::geometry) AS lat, ST_X(n.location::geometry) AS lng
         FROM centres c
        CROSS JOIN LATERAL (
          SELECT m.location FROM members m WHERE m.city = c.city ORDER BY m.location <-> c.centroid LIMIT 1
        ) n`,
      [paths],
    );
    return rows.map((r) => ({
      path: r.path,
      stations: Number(r.stations),
      location: { lat: Number(r.lat), lng: Number(r.lng) },
    }));
  }

  /**
   * Active stations within `radius` metres, nearest first, in one statement.
   *
   * The inner query walks the GiST index in distance order (KNN, `<->`) inside the radius's bounding box
   * (`&&` `_ST_Expand`, the index condition ST_DWithin itself adds) and stops at LIMIT; the outer one drops what
   * lies in the box's corners. That is exact because the walk is in distance order: every station within the
   * radius comes before any beyond it. The amenity and open-now filters sit in the inner WHERE, so they apply
   * before LIMIT and a filtered search still returns the nearest `limit` matches. ST_DWithin is not used: the
   * planner estimates it at a handful of rows, sorts every station of a 50 km circle (thousands at 100,000
   * stations) and misses the early stop (bench/stations-nearby.mjs). Distances, ordering and radius are all on
   * PostGIS's sphere (`<->`), so they agree; the spheroid differs by under 0.5 %.
   */
  async nearby(search: NearbySearch): Promise<NearbyRow[]> {
    const center = geographyParam(1, 2);
    const params: unknown[] = [
      search.center.lng,
      search.center.lat,
      search.radius,
      search.limit,
      search.onlineWindowSeconds,
    ];
    let filters = '';
    if (search.amenities.length > 0) {
      params.push(search.amenities);
      filters += ` AND s.amenities @> $${params.length}::text[]`;
    }
    if (search.openNow) {
      params.push(search.at);
      filters += ` AND ${openAt(params.length)}`;
    }
    params.push(search.at);
    const at = params.length;
    const rows = await sqlRows<NearbyDbRow>(
      this.db,
      `SELECT ${BASE_COLUMNS}, o.name AS org_name, s.knn AS distance, ${openAt(at)} AS open_now,
              COALESCE(st.last_seen_at > now() - make_interval(secs => $5), false) AS online,
              CASE WHEN st.last_seen_at > now() - make_interval(secs => $5) THEN st.occupancy END AS occupancy
         FROM (SELECT s.*, s.location <-> ${center} AS knn
                 FROM stations s
                WHERE s.status = 'active'
                  AND s.location && _ST_Expand(${center}, $3)${filters}
                ORDER BY s.location <-> ${center}
                LIMIT $4) s
         JOIN orgs o ON o.id = s.org_id
         LEFT JOIN station_states st ON st.station_id = s.id
        WHERE s.knn <= $3
        ORDER BY s.knn`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      address: r.address,
      orgName: r.org_name,
      location: { lat: r.lat, lng: r.lng },
      distance: r.distance,
      hours: hoursOf(r),
      openNow: r.open_now,
      capacity: r.capacity,
      amenities: r.amenities,
      level: r.level,
      photos: r.photos,
      verifiedOnly: r.verified_only,
      occupancy: r.occupancy,
      online: r.online,
    }));
  }

  /** Metres from the station to a WGS-84 point, on the spheroid; null for no such station. */
  async distanceTo(stationId: string, at: GeoPoint): Promise<number | null> {
    const rows = await sqlRows<{ d: number }>(
      this.db,
      `SELECT ST_Distance(location, ${geographyParam(2, 3)}) AS d FROM stations WHERE id = $1`,
      [stationId, at.lng, at.lat],
    );
    return rows[0] ? rows[0].d : null;
  }

  /** True if the user was not yet a master of the station. */
  async addMaster(stationId: string, userId: string, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `INSERT INTO station_masters (station_id, user_id) VALUES ($1, $2)
       ON CONFLICT (station_id, user_id) DO NOTHING RETURNING station_id`,
      [stationId, userId],
    );
    return rows.length > 0;
  }

  /** True if the user was a master of the station. */
  async removeMaster(stationId: string, userId: string, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `DELETE FROM station_masters WHERE station_id = $1 AND user_id = $2 RETURNING station_id`,
      [stationId, userId],
    );
    return rows.length > 0;
  }

  /** How many stations of this org the user still masters. */
  async masteredInOrg(userId: string, orgId: string, db: Db = this.db): Promise<number> {
    const [{ n }] = await sqlRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM station_masters m JOIN stations s ON s.id = m.station_id
        WHERE m.user_id = $1 AND s.org_id = $2`,
      [userId, orgId],
    );
    return n;
  }

  async isMaster(stationId: string, userId: string): Promise<boolean> {
    const rows = await sqlRows(
      this.db,
      `SELECT 1 FROM station_masters WHERE station_id = $1 AND user_id = $2`,
      [stationId, userId],
    );
    return rows.length > 0;
  }

  /** The stations the user masters (a handful), by id. */
  async masteredStationIds(userId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.db,
      `SELECT station_id::text AS id FROM station_masters WHERE user_id = $1 ORDER BY station_id`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** Seed use: the id of the station of this org with this name, if any. */
  async findIdByOrgName(orgId: string, name: string): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      this.db,
      `SELECT id FROM stations WHERE org_id = $1 AND name = $2 ORDER BY id LIMIT 1`,
      [orgId, name],
    );
    return rows[0]?.id ?? null;
  }
}
