import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OpeningHours, StationStatus, StationVisitStatus } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { TODAY_SQL, TODAY_START_SQL } from '../../platform/database/business-calendar-sql';
import { sqlRow, sqlRows } from '../../platform/database/sql';

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
}
