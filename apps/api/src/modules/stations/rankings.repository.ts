import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { monthStart, RANKING_LIMIT, type StationLevel, type StationRankingBy } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { businessTimeSql, monthRangeSql } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { inSubtrees } from '../../platform/scope/org-scope';

export interface StationRankingRow {
  station_id: string;
  name: string;
  level: StationLevel;
  org_id: string;
  org_name: string;
  visits: number;
  unique_visitors: number;
  rating: number | null;
  ratings: number;
}

/** Named by the service through identity (one look-up for the ≤ RANKING_LIMIT users). */
export interface MasterRankingRow {
  user_id: string;
  days: number;
  stations: { id: string; name: string; rating: number | null; ratings: number }[];
}

/** Stations whose org lies under `paths`, bound as the next parameter of `params`. */
const scopedCte = (paths: string[], params: unknown[]): string => `scoped AS (
  SELECT s.id, s.name, s.level, o.id AS org_id, o.name AS org_name
    FROM stations s JOIN orgs o ON o.id = s.org_id
   WHERE ${inSubtrees('o.path', paths, params)})`;

@Injectable()
export class RankingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The top stations in scope for `month`: by doors opened (visits), or by the month's average rating
   * (ties: more ratings first). Stations with nothing to rank by that month are left out.
   */
  async stations(paths: string[], month: string, by: StationRankingBy): Promise<StationRankingRow[]> {
    const { from, to } = monthRangeSql(2);
    const [where, order] =
      by === 'visits'
        ? [`v.visits > 0`, `v.visits DESC, v.unique_visitors DESC, r.avg_score DESC NULLS LAST, sc.id`]
        : [`r.ratings > 0`, `r.avg_score DESC, r.ratings DESC, v.visits DESC NULLS LAST, sc.id`];
    const params: unknown[] = [];
    const scoped = scopedCte(paths, params);
    params.push(monthStart(month), RANKING_LIMIT);
    return sqlRows<StationRankingRow>(
      this.db,
      `WITH ${scoped},
       v AS (
         SELECT v.station_id, count(*)::int AS visits, count(DISTINCT v.user_id)::int AS unique_visitors
           FROM station_visits v JOIN scoped sc ON sc.id = v.station_id
          WHERE v.status = 'opened' AND v.created_at >= ${from} AND v.created_at < ${to}
          GROUP BY v.station_id),
       r AS (
         SELECT r.station_id, avg(r.score)::float8 AS avg_score, count(*)::int AS ratings
           FROM station_ratings r JOIN scoped sc ON sc.id = r.station_id
          WHERE r.month = $2::date
          GROUP BY r.station_id)
       SELECT sc.id AS station_id, sc.name, sc.level, sc.org_id, sc.org_name,
              COALESCE(v.visits, 0) AS visits, COALESCE(v.unique_visitors, 0) AS unique_visitors,
              round(r.avg_score::numeric, 1)::float8 AS rating, COALESCE(r.ratings, 0) AS ratings
         FROM scoped sc
         LEFT JOIN v ON v.station_id = sc.id
         LEFT JOIN r ON r.station_id = sc.id
        WHERE ${where}
        ORDER BY ${order}
        LIMIT $3`,
      params,
    );
  }

  /**
   * The top station masters by distinct days checked in at stations in scope during `month`; ties go to the
   * better average rating of those stations that month.
   */
  async masters(paths: string[], month: string): Promise<MasterRankingRow[]> {
    const params: unknown[] = [];
    const scoped = scopedCte(paths, params);
    params.push(monthStart(month), RANKING_LIMIT);
    return sqlRows<MasterRankingRow>(
      this.db,
      `WITH ${scoped},
       a AS (
         SELECT a.user_id, count(DISTINCT a.day)::int AS days, array_agg(DISTINCT a.station_id) AS station_ids
           FROM station_attendance a JOIN scoped sc ON sc.id = a.station_id
          WHERE a.day >= $2::date AND a.day < ($2::date + interval '1 month')::date
          GROUP BY a.user_id),
       top AS (
         SELECT a.user_id, a.days, a.station_ids,
                (SELECT avg(r.score) FROM station_ratings r
                  WHERE r.station_id = ANY(a.station_ids) AND r.month = $2::date) AS avg_score
           FROM a
          ORDER BY a.days DESC, avg_score DESC NULLS LAST, a.user_id
          LIMIT $3)
       SELECT top.user_id, top.days,
              (SELECT json_agg(json_build_object('id', sc.id::text, 'name', sc.name, 'rating', rr.rating,
                                                 'ratings', rr.ratings) ORDER BY sc.id)
                 FROM scoped sc
                 CROSS JOIN LATERAL (
                   SELECT round(avg(r.score)::numeric, 1)::float8 AS rating, count(*)::int AS ratings
                     FROM station_ratings r WHERE r.station_id = sc.id AND r.month = $2::date) rr
                WHERE sc.id = ANY(top.station_ids)) AS stations
         FROM top
        ORDER BY top.days DESC, top.avg_score DESC NULLS LAST, top.user_id`,
      params,
    );
  }

  /** True if the user opened the station's door during `month`. */
  async visited(stationId: string, userId: string, month: string): Promise<boolean> {
    const { from, to } = monthRangeSql(3);
    const rows = await sqlRows(
      this.db,
      `SELECT 1 FROM station_visits v
        WHERE v.station_id = $1 AND v.user_id = $2 AND v.status = 'opened'
          AND v.created_at >= ${from} AND v.created_at < ${to}
        LIMIT 1`,
      [stationId, userId, monthStart(month)],
    );
    return rows.length > 0;
  }

  /** The member's rating of the station for `month`, if any. */
  async findRating(
    stationId: string,
    userId: string,
    month: string,
  ): Promise<{ score: number; comment: string | null; updated_at: Date } | null> {
    const [row] = await sqlRows<{ score: number; comment: string | null; updated_at: Date }>(
      this.db,
      `SELECT score, comment, updated_at FROM station_ratings
        WHERE station_id = $1 AND user_id = $2 AND month = $3::date`,
      [stationId, userId, monthStart(month)],
    );
    return row ?? null;
  }

  /** One rating per member, station and month; rating again replaces it. */
  async upsertRating(
    stationId: string,
    userId: string,
    month: string,
    score: number,
    comment: string | null,
  ): Promise<{ score: number; comment: string | null; updated_at: Date }> {
    const [row] = await sqlRows<{ score: number; comment: string | null; updated_at: Date }>(
      this.db,
      `INSERT INTO station_ratings (station_id, user_id, month, score, comment)
       VALUES ($1, $2, $3::date, $4, $5)
       ON CONFLICT (station_id, user_id, month)
       DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()
       RETURNING score, comment, updated_at`,
      [stationId, userId, monthStart(month), score, comment],
    );
    return row;
  }

  /**
   * System use (seed): ratings of `userIds` for the stations they opened in months starting in [from, to) —
   * about half of them, mostly 4 and 5 stars, a few with a word —, dated the month's last visit. Fixed by user,
   * station and month, so a re-run adds nothing.
   */
  async insertHistoricRatings(
    userIds: string[],
    from: string,
    to: string,
    db: Db = this.db,
  ): Promise<number> {
    const { from: start } = monthRangeSql(2);
    const { from: end } = monthRangeSql(3);
    const row = await sqlRow<{ n: number }>(
      db,
      `WITH visited AS (
         SELECT v.station_id, v.user_id, date_trunc('month', ${businessTimeSql('v.created_at')})::date AS month,
                max(v.created_at) AS last_visit,
                ('x' || substr(md5('seed-rating:' || v.user_id || ':' || v.station_id || ':' ||
                   date_trunc('month', ${businessTimeSql('v.created_at')})::date), 1, 7))::bit(28)::int AS h
           FROM station_visits v
          WHERE v.user_id = ANY($1::uuid[]) AND v.status = 'opened'
            AND v.created_at >= ${start} AND v.created_at < ${end}
          GROUP BY 1, 2, 3),
       inserted AS (
         INSERT INTO station_ratings (station_id, user_id, month, score, comment, created_at, updated_at)
         SELECT station_id, user_id, month,
                CASE WHEN h % 10 < 1 THEN 3 WHEN h % 10 < 5 THEN 4 ELSE 5 END,
                CASE WHEN h % 3 = 0
                     THEN (ARRAY['环境干净，热水随时有', '充电很方便', '夏天空调很足', '站长很热心',
                                 '位置好找，歇脚正合适'])[1 + h / 10 % 5] END,
                last_visit, last_visit
           FROM visited
          WHERE h / 100 % 100 < 55
         ON CONFLICT (station_id, user_id, month) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [userIds, from, to],
    );
    return row?.n ?? 0;
  }
}
