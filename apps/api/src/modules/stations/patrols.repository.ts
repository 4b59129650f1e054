import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PATROL_INTERVAL_MONTHS,
  type PatrolCheck,
  type PatrolDueStatus,
  type PatrolResponse,
  type StationLevel,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { businessTimeSql } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRows } from '../../platform/database/sql';
import { ancestorOf, inSubtrees } from '../../platform/scope/org-scope';

export interface NewPatrol {
  stationId: string;
  patrolledBy: string;
  orgId: string;
  patrolledAt: Date;
  checklist: PatrolCheck[];
  notes: string | null;
  photoUrls: string[];
}

export interface PatrolDueRow {
  station_id: string;
  name: string;
  level: StationLevel;
  org_id: string;
  org_name: string;
  last_id: string | null;
  last_at: Date | null;
  last_failed: number | null;
  due_on: string;
  days_left: number;
}

/** A station that has just been flagged overdue, and who is told. */
export interface NewFlag {
  stationId: string;
  name: string;
  level: StationLevel;
  dueOn: string;
  /** The nearest org of the station's level at or above its owning org: whose staff answer for the patrol. */
  responsibleOrgId: string | null;
}

/** A patrol as stored: `patrolledBy` is the user id, named by the service through identity. */
export type PatrolRecord = Omit<PatrolResponse, 'patrolledBy'> & { patrolledBy: string };

interface PatrolRow {
  id: string;
  station_id: string;
  patrolled_by: string;
  org_id: string;
  org_name: string;
  patrolled_at: Date;
  checklist: PatrolCheck[];
  notes: string | null;
  photo_urls: string[];
  created_at: Date;
}

const failedCount = (alias: string): string =>
  `(SELECT count(*) FROM jsonb_array_elements(${alias}.checklist) e WHERE (e->>'passed')::boolean IS NOT TRUE)::int`;

const toPatrol = (r: PatrolRow): PatrolRecord => ({
  id: r.id,
  stationId: r.station_id,
  patrolledBy: r.patrolled_by,
  org: { id: r.org_id, name: r.org_name },
  patrolledAt: r.patrolled_at.toISOString(),
  checklist: r.checklist,
  failed: r.checklist.filter((c) => !c.passed).length,
  notes: r.notes,
  photoUrls: r.photo_urls,
  createdAt: r.created_at.toISOString(),
});

/**
 * Every open station with its last patrol and next due date: the Asia/Shanghai day of the last patrol plus its
 * level's interval (PATROL_INTERVAL_MONTHS, bound to $2 $3 $4). A station never patrolled is due on the day it
 * was registered: nobody has checked it yet. `extraWhere` filters the stations (alias s, org alias o).
 */
const dueCte = (extraWhere: string): string => `
  due AS (
    SELECT s.id AS station_id, s.name, s.level, o.id AS org_id, o.name AS org_name,
           lp.id AS last_id, lp.patrolled_at AS last_at, lp.failed AS last_failed,
           CASE WHEN lp.id IS NULL THEN ${businessTimeSql('s.created_at')}::date
                ELSE (${businessTimeSql('lp.patrolled_at')}::date
                        + make_interval(months => CASE s.level WHEN 'province' THEN $2::int
                                                               WHEN 'city' THEN $3::int
                                                               ELSE $4::int END))::date
           END AS due_on
      FROM stations s
      JOIN orgs o ON o.id = s.org_id
      LEFT JOIN LATERAL (
        SELECT p.id, p.patrolled_at, ${failedCount('p')} AS failed
          FROM station_patrols p WHERE p.station_id = s.id
         ORDER BY p.patrolled_at DESC, p.id DESC LIMIT 1) lp ON true
     WHERE s.status = 'active' AND ${extraWhere})`;

const INTERVALS = [
  PATROL_INTERVAL_MONTHS.province,
  PATROL_INTERVAL_MONTHS.city,
  PATROL_INTERVAL_MONTHS.county,
];

@Injectable()
export class PatrolsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(p: NewPatrol, db: Db = this.db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO station_patrols (station_id, patrolled_by, org_id, patrolled_at, checklist, notes, photo_urls)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::text[]) RETURNING id`,
      [p.stationId, p.patrolledBy, p.orgId, p.patrolledAt, JSON.stringify(p.checklist), p.notes, p.photoUrls],
    );
    return id;
  }

  async findById(id: string): Promise<PatrolRecord | null> {
    const rows = await this.select(`p.id = $1`, [id], '', '');
    return rows[0] ?? null;
  }

  async listForStation(
    stationId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: PatrolRecord[]; total: number }> {
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM station_patrols WHERE station_id = $1`,
      [stationId],
    );
    const items = await this.select(
      `p.station_id = $1`,
      [stationId, limit, offset],
      'ORDER BY p.patrolled_at DESC, p.id DESC',
      'LIMIT $2 OFFSET $3',
    );
    return { items, total };
  }

  /** Stations under `paths` with their due dates, soonest first, filtered by `status` relative to `today`. */
  async due(
    paths: string[],
    status: PatrolDueStatus,
    today: string,
    days: number,
    offset: number,
    limit: number,
  ): Promise<{ items: PatrolDueRow[]; total: number }> {
    // Every branch names $5 and $6, so PostgreSQL can type both parameters whichever filter applies.
    const filter =
      status === 'overdue'
        ? `due_on < $5::date AND $6::int >= 0`
        : status === 'due'
          ? `due_on <= $5::date + $6::int`
          : `$5::date IS NOT NULL AND $6::int >= 0`;
    const params: unknown[] = [];
    const cte = `WITH ${dueCte(inSubtrees('o.path', paths, params))}`;
    params.push(...INTERVALS, today, days);
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `${cte} SELECT count(*)::int AS total FROM due WHERE ${filter}`,
      params,
    );
    const items = await sqlRows<PatrolDueRow>(
      this.db,
      `${cte}
       SELECT station_id, name, level, org_id, org_name, last_id, last_at, last_failed,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, (due_on - $5::date) AS days_left
         FROM due WHERE ${filter}
        ORDER BY due.due_on, station_id
        LIMIT $7 OFFSET $8`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  /**
   * Flags every open station whose due date is before `today` (once per station and due date: the primary key
   * keeps a re-run from adding any) and returns only the flags this call added, each with the staff to tell:
   * users holding `<level>_staff` on the station's org or its nearest ancestor of the station's level.
   */
  async flagOverdue(today: string, m: EntityManager): Promise<NewFlag[]> {
    const rows = await sqlRows<{
      station_id: string;
      name: string;
      level: StationLevel;
      due_on: string;
      responsible_org_id: string | null;
    }>(
      m,
      `WITH ${dueCte('true')},
       added AS (
         INSERT INTO station_patrol_flags (station_id, due_on)
         SELECT station_id, due_on FROM due WHERE due_on < $1::date
         ON CONFLICT (station_id, due_on) DO NOTHING
         RETURNING station_id, due_on)
       SELECT a.station_id, s.name, s.level, to_char(a.due_on, 'YYYY-MM-DD') AS due_on,
              (SELECT r.id FROM orgs r
                WHERE ${ancestorOf('r.path', 'so.path')} AND r.type = s.level
                ORDER BY nlevel(r.path) DESC LIMIT 1) AS responsible_org_id
         FROM added a
         JOIN stations s ON s.id = a.station_id
         JOIN orgs so ON so.id = s.org_id
        ORDER BY a.station_id`,
      [today, ...INTERVALS],
    );
    return rows.map((r) => ({
      stationId: r.station_id,
      name: r.name,
      level: r.level,
      dueOn: r.due_on,
      responsibleOrgId: r.responsible_org_id,
    }));
  }

  private async select(
    where: string,
    params: unknown[],
    order: string,
    limit: string,
  ): Promise<PatrolRecord[]> {
    const rows = await sqlRows<PatrolRow>(
      this.db,
      `SELECT p.id, p.station_id, p.patrolled_by, p.org_id, o.name AS org_name, p.patrolled_at,
              p.checklist, p.notes, p.photo_urls, p.created_at
         FROM station_patrols p
         JOIN orgs o ON o.id = p.org_id
        WHERE ${where} ${order} ${limit}`,
      params,
    );
    return rows.map(toPatrol);
  }
}
