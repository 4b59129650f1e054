import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  monthStart,
  type StationReportChange,
  type StationReportMetrics,
  type StationReportResponse,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { monthRangeSql } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRows } from '../../platform/database/sql';
import { inSubtrees, subtreeOf } from '../../platform/scope/org-scope';

export interface CityMetrics extends StationReportMetrics {
  cityOrgId: string;
  cityName: string;
  stations: number;
}

interface ReportRow {
  id: string;
  city_org_id: string;
  city_name: string;
  month: string;
  visits: number;
  unique_visitors: number;
  stations: number;
  active_stations: number;
  offline_stations: number;
  change_vs_last_month: StationReportChange;
  created_at: Date;
}

const toReport = (r: ReportRow): StationReportResponse => ({
  id: r.id,
  cityOrg: { id: r.city_org_id, name: r.city_name },
  month: r.month,
  visits: r.visits,
  uniqueVisitors: r.unique_visitors,
  stations: r.stations,
  activeStations: r.active_stations,
  offlineStations: r.offline_stations,
  changeVsLastMonth: r.change_vs_last_month,
  createdAt: r.created_at.toISOString(),
});

const REPORT_COLUMNS = `r.id, r.city_org_id, c.name AS city_name, to_char(r.month, 'YYYY-MM') AS month, r.visits,
  r.unique_visitors, r.stations, r.active_stations, r.offline_stations, r.change_vs_last_month, r.created_at`;

@Injectable()
export class StationReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Each city federation's numbers for `month`: doors opened and distinct visitors at stations under the city,
   * open stations, open stations with at least one visit, and open stations whose device has been silent for
   * more than `offlineAfterSeconds` now (or never reported).
   */
  async cityMetrics(month: string, offlineAfterSeconds: number): Promise<CityMetrics[]> {
    const { from, to } = monthRangeSql(1);
    const rows = await sqlRows<{
      city_org_id: string;
      city_name: string;
      visits: number;
      unique_visitors: number;
      stations: number;
      active_stations: number;
      offline_stations: number;
    }>(
      this.db,
      `WITH v AS (
         SELECT v.station_id, count(*)::int AS visits
           FROM station_visits v
          WHERE v.status = 'opened' AND v.created_at >= ${from} AND v.created_at < ${to}
          GROUP BY v.station_id)
       SELECT c.id AS city_org_id, c.name AS city_name,
              COALESCE(m.visits, 0) AS visits, COALESCE(u.unique_visitors, 0) AS unique_visitors,
              COALESCE(m.stations, 0) AS stations, COALESCE(m.active_stations, 0) AS active_stations,
              COALESCE(m.offline_stations, 0) AS offline_stations
         FROM orgs c
         LEFT JOIN LATERAL (
           SELECT sum(v.visits)::int AS visits,
                  count(*) FILTER (WHERE s.status = 'active')::int AS stations,
                  count(*) FILTER (WHERE s.status = 'active' AND v.visits > 0)::int AS active_stations,
                  count(*) FILTER (WHERE s.status = 'active' AND (st.last_seen_at IS NULL
                                   OR st.last_seen_at < now() - make_interval(secs => $2)))::int AS offline_stations
             FROM stations s
             JOIN orgs o ON o.id = s.org_id
             LEFT JOIN v ON v.station_id = s.id
             LEFT JOIN station_states st ON st.station_id = s.id
            WHERE ${subtreeOf('o.path', 'c.path')}) m ON true
         LEFT JOIN LATERAL (
           SELECT count(DISTINCT sv.user_id)::int AS unique_visitors
             FROM station_visits sv
             JOIN stations s ON s.id = sv.station_id
             JOIN orgs o ON o.id = s.org_id
            WHERE ${subtreeOf('o.path', 'c.path')} AND sv.status = 'opened'
              AND sv.created_at >= ${from} AND sv.created_at < ${to}) u ON true
        WHERE c.type = 'city'
        ORDER BY c.id`,
      [monthStart(month), offlineAfterSeconds],
    );
    return rows.map((r) => ({
      cityOrgId: r.city_org_id,
      cityName: r.city_name,
      visits: r.visits,
      uniqueVisitors: r.unique_visitors,
      stations: r.stations,
      activeStations: r.active_stations,
      offlineStations: r.offline_stations,
    }));
  }

  async find(cityOrgId: string, month: string, db: Db = this.db): Promise<StationReportResponse | null> {
    const rows = await sqlRows<ReportRow>(
      db,
      `SELECT ${REPORT_COLUMNS} FROM station_reports r JOIN orgs c ON c.id = r.city_org_id
        WHERE r.city_org_id = $1 AND r.month = $2::date`,
      [cityOrgId, monthStart(month)],
    );
    return rows[0] ? toReport(rows[0]) : null;
  }

  /** Writes the report unless the city already has one for the month; returns the new id, or null. */
  async insert(
    metrics: CityMetrics,
    month: string,
    change: StationReportChange,
    m: EntityManager,
  ): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      m,
      `INSERT INTO station_reports (city_org_id, month, visits, unique_visitors, stations, active_stations,
                                    offline_stations, change_vs_last_month)
       VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (city_org_id, month) DO NOTHING RETURNING id`,
      [
        metrics.cityOrgId,
        monthStart(month),
        metrics.visits,
        metrics.uniqueVisitors,
        metrics.stations,
        metrics.activeStations,
        metrics.offlineStations,
        JSON.stringify(change),
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** Reports of city orgs under `paths`, newest month first. */
  async list(
    paths: string[],
    month: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: StationReportResponse[]; total: number }> {
    const params: unknown[] = [];
    const where = `${inSubtrees('c.path', paths, params)} AND ($2::date IS NULL OR r.month = $2::date)`;
    params.push(month ? monthStart(month) : null);
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM station_reports r JOIN orgs c ON c.id = r.city_org_id WHERE ${where}`,
      params,
    );
    const rows = await sqlRows<ReportRow>(
      this.db,
      `SELECT ${REPORT_COLUMNS} FROM station_reports r JOIN orgs c ON c.id = r.city_org_id
        WHERE ${where} ORDER BY r.month DESC, c.name, r.id LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    return { items: rows.map(toReport), total };
  }
}
