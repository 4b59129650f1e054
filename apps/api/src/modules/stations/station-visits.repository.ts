import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BUSINESS_TIME_ZONE,
  type OpeningHours,
  type StationStatus,
  type StationVisitStatus,
} from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { TODAY_SQL, TODAY_START_SQL } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { ancestorOf } from '../../platform/scope/org-scope';

export interface VisitRow {
  id: string;
  stationId: string;
  userId: string;
  memberId: string;
  requestId: string;
  status: StationVisitStatus;
  failure: string | null;
  failureDetail: string | null;
  latencyMs: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface NewVisit {
  stationId: string;
  userId: string;
  memberId: string;
  requestId: string;
}

export interface AttendanceRow {
  stationId: string;
  day: string;
  checkedInAt: Date;
  distanceMeters: number;
}

export interface MasteredStationRow {
  id: string;
  name: string;
  address: string;
  orgId: string;
  orgName: string;
  hours: OpeningHours;
  status: StationStatus;
  attendance: { checkedInAt: Date; distanceMeters: number } | null;
}

/** A member whose door visits the demo history invents, at stations of the federations above their union. */
export interface HistoryVisitor {
  userId: string;
  memberId: string;
  orgPath: string;
}

/**
 * 0 … 2^28-1, fixed by `key` (an SQL text expression) and `part` (0–3, which 7 hex digits of its md5): the
 * demo history's dice, so a re-run draws the same visits.
 */
const dice = (key: string, part: number): string =>
  `('x' || substr(md5(${key}), ${1 + part * 7}, 7))::bit(28)::int`;

/** A Beijing wall-clock `timestamp` expression as the instant it names. */
const beijing = (wallClock: string): string => `((${wallClock}) AT TIME ZONE '${BUSINESS_TIME_ZONE}')`;

const VISIT_COLUMNS = `id::text AS id, station_id::text AS "stationId", user_id AS "userId", member_id::text AS "memberId",
  request_id::text AS "requestId", status, failure, failure_detail AS "failureDetail", latency_ms AS "latencyMs",
  created_at AS "createdAt", decided_at AS "decidedAt"`;

const ATTENDANCE_COLUMNS = `station_id::text AS "stationId", to_char(day, 'YYYY-MM-DD') AS day,
  checked_in_at AS "checkedInAt", distance_m AS "distanceMeters"`;

/** SQL of station_visits and station_attendance (migration 1764230400000). */
@Injectable()
export class StationVisitsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Today's date in Asia/Shanghai, 'YYYY-MM-DD', by the database clock. */
  async today(): Promise<string> {
    const row = await sqlRow<{ day: string }>(this.db, `SELECT to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS day`);
    return (row as { day: string }).day;
  }

  /** Inserts (and commits) a pending visit; null when the requestId is taken already. */
  async insertPending(v: NewVisit): Promise<VisitRow | null> {
    const row = await sqlRow<VisitRow>(
      this.db,
      `INSERT INTO station_visits (station_id, user_id, member_id, request_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING ${VISIT_COLUMNS}`,
      [v.stationId, v.userId, v.memberId, v.requestId],
    );
    return row ?? null;
  }

  async findByRequestId(requestId: string): Promise<VisitRow | null> {
    const row = await sqlRow<VisitRow>(
      this.db,
      `SELECT ${VISIT_COLUMNS} FROM station_visits WHERE request_id = $1`,
      [requestId],
    );
    return row ?? null;
  }

  /** Decides a pending visit; a visit already decided (by the expiry job) keeps its first outcome. */
  async markOpened(id: string, latencyMs: number): Promise<void> {
    await sqlRows(
      this.db,
      `UPDATE station_visits SET status = 'opened', latency_ms = $2, decided_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, latencyMs],
    );
  }

  async markFailed(id: string, failure: string, detail: string | null): Promise<void> {
    await sqlRows(
      this.db,
      `UPDATE station_visits SET status = 'failed', failure = $2, failure_detail = $3, decided_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, failure, detail],
    );
  }

  /** Fails visits pending for longer than `olderThanSeconds`; returns how many. */
  async expirePending(olderThanSeconds: number): Promise<number> {
    const rows = await sqlRows(
      this.db,
      `UPDATE station_visits
          SET status = 'failed', failure = 'expired', failure_detail = 'left pending: no outcome was recorded',
              decided_at = now()
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
        RETURNING id`,
      [olderThanSeconds],
    );
    return rows.length;
  }

  /** Visits of the station since the start of today (Asia/Shanghai), newest first. */
  async visitsToday(stationId: string, limit: number): Promise<VisitRow[]> {
    return sqlRows<VisitRow>(
      this.db,
      `SELECT ${VISIT_COLUMNS} FROM station_visits
        WHERE station_id = $1 AND created_at >= ${TODAY_START_SQL}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [stationId, limit],
    );
  }

  async todayCounts(stationId: string): Promise<{ visits: number; uniqueVisitors: number; failed: number }> {
    const row = await sqlRow<{ visits: number; uniqueVisitors: number; failed: number }>(
      this.db,
      `SELECT count(*) FILTER (WHERE status = 'opened')::int AS visits,
              count(DISTINCT member_id) FILTER (WHERE status = 'opened')::int AS "uniqueVisitors",
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM station_visits
        WHERE station_id = $1 AND created_at >= ${TODAY_START_SQL}`,
      [stationId],
    );
    return row as { visits: number; uniqueVisitors: number; failed: number };
  }

  async todayAttendance(stationId: string, userId: string): Promise<AttendanceRow | null> {
    const row = await sqlRow<AttendanceRow>(
      this.db,
      `SELECT ${ATTENDANCE_COLUMNS} FROM station_attendance
        WHERE station_id = $1 AND user_id = $2 AND day = ${TODAY_SQL}`,
      [stationId, userId],
    );
    return row ?? null;
  }

  /** Today's check-in (Asia/Shanghai); the first one stays when two race. */
  async checkIn(
    stationId: string,
    userId: string,
    lng: number,
    lat: number,
    distance: number,
  ): Promise<{ row: AttendanceRow; created: boolean }> {
    const inserted = await sqlRow<AttendanceRow>(
      this.db,
      `INSERT INTO station_attendance (station_id, user_id, day, location, distance_m)
       VALUES ($1, $2, ${TODAY_SQL}, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, $5)
       ON CONFLICT (station_id, user_id, day) DO NOTHING
       RETURNING ${ATTENDANCE_COLUMNS}`,
      [stationId, userId, lng, lat, distance],
    );
    if (inserted) return { row: inserted, created: true };
    return { row: (await this.todayAttendance(stationId, userId)) as AttendanceRow, created: false };
  }

  /** The stations the user masters, with today's check-in. */
  async mastered(userId: string): Promise<MasteredStationRow[]> {
    const rows = await sqlRows<{
      id: string;
      name: string;
      address: string;
      org_id: string;
      org_name: string;
      always_open: boolean;
      opens: string | null;
      closes: string | null;
      status: StationStatus;
      checked_in_at: Date | null;
      distance_m: number | null;
    }>(
      this.db,
      `SELECT s.id::text AS id, s.name, s.address, s.org_id::text AS org_id, o.name AS org_name, s.always_open,
              to_char(s.opens_at, 'HH24:MI') AS opens, to_char(s.closes_at, 'HH24:MI') AS closes, s.status,
              a.checked_in_at, a.distance_m
         FROM station_masters m
         JOIN stations s ON s.id = m.station_id
         JOIN orgs o ON o.id = s.org_id
         LEFT JOIN station_attendance a ON a.station_id = s.id AND a.user_id = m.user_id AND a.day = ${TODAY_SQL}
        WHERE m.user_id = $1
        ORDER BY s.name, s.id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      address: r.address,
      orgId: r.org_id,
      orgName: r.org_name,
      hours:
        r.always_open || !r.opens || !r.closes
          ? { always: true }
          : { always: false, opens: r.opens, closes: r.closes },
      status: r.status,
      attendance:
        r.checked_in_at && r.distance_m !== null
          ? { checkedInAt: r.checked_in_at, distanceMeters: r.distance_m }
          : null,
    }));
  }

  /**
   * System use (seed): invented door visits of `visitors` on each Asia/Shanghai day in [from, to) — none, one
   * or two a day, opened between 07:30 and 20:30 at one of the active stations of the federations above the
   * visitor's union, the first stations more often — and the masters' check-ins at their stations on every day
   * but Sunday, most of them. Set-based; each visit's request id is derived from visitor, day and slot, so a
   * re-run adds nothing.
   */
  async insertHistory(
    visitors: HistoryVisitor[],
    from: string,
    to: string,
    db: Db = this.db,
  ): Promise<{ visits: number; checkIns: number }> {
    const visits = await sqlRow<{ n: number }>(
      db,
      `WITH visitor AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS v(user_id, member_id, org_path)),
       home AS (
         SELECT v.user_id, s.id AS station_id,
                row_number() OVER (PARTITION BY v.user_id ORDER BY s.id) - 1 AS n,
                count(*) OVER (PARTITION BY v.user_id) AS stations
           FROM visitor v
           JOIN orgs o ON ${ancestorOf('o.path', 'v.org_path::ltree')}
           JOIN stations s ON s.org_id = o.id AND s.status = 'active'),
       tap AS (
         SELECT v.user_id, v.member_id, d::date AS day, slot,
                'seed-visit:' || v.user_id || ':' || d::date || ':' || slot AS key
           FROM visitor v
          CROSS JOIN generate_series($4::date, $5::date - 1, interval '1 day') d
          CROSS JOIN generate_series(1, 2) slot),
       drawn AS (
         SELECT t.*, ${beijing(`t.day + make_interval(mins => 450 + ${dice('t.key', 1)} % 780)`)} AS at,
                200 + ${dice('t.key', 2)} % 1300 AS latency
           FROM tap t
          WHERE ${dice('t.key', 0)} % 100 < CASE t.slot WHEN 1 THEN 70 ELSE 25 END),
       inserted AS (
         INSERT INTO station_visits (station_id, user_id, member_id, request_id, status, latency_ms, created_at,
                                     decided_at)
         SELECT h.station_id, d.user_id, d.member_id, md5(d.key)::uuid, 'opened', d.latency, d.at,
                d.at + make_interval(secs => d.latency / 1000.0)
           FROM drawn d
           JOIN home h ON h.user_id = d.user_id
                      -- Squared: the first stations of the list draw most visits, so the ranking has a shape.
                      AND h.n = floor(h.stations * power((${dice('d.key', 3)} % 1000) / 1000.0, 2))
         ON CONFLICT (request_id) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [
        visitors.map((v) => v.userId),
        visitors.map((v) => v.memberId),
        visitors.map((v) => v.orgPath),
        from,
        to,
      ],
    );
    const checkIns = await sqlRow<{ n: number }>(
      db,
      `WITH duty AS (
         SELECT m.station_id, m.user_id, s.location, d::date AS day,
                'seed-check-in:' || m.user_id || ':' || m.station_id || ':' || d::date AS key
           FROM station_masters m
           JOIN stations s ON s.id = m.station_id
          CROSS JOIN generate_series($1::date, $2::date - 1, interval '1 day') d
          WHERE extract(isodow FROM d) <> 7),
       inserted AS (
         INSERT INTO station_attendance (station_id, user_id, day, checked_in_at, location, distance_m)
         SELECT station_id, user_id, day,
                ${beijing(`day + make_interval(mins => 450 + ${dice('key', 1)} % 75)`)},
                ST_Project(location, ${dice('key', 2)} % 80, radians(${dice('key', 3)} % 360)),
                ${dice('key', 2)} % 80
           FROM duty
          WHERE ${dice('key', 0)} % 100 < 90
         ON CONFLICT (station_id, user_id, day) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [from, to],
    );
    return { visits: visits?.n ?? 0, checkIns: checkIns?.n ?? 0 };
  }
}
