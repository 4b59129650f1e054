import { Injectable } from '@nestjs/common';
import {
  businessMonth,
  ErrorCode,
  type MasterRankingQuery,
  type MasterRankingResponse,
  monthStart,
  type MyStationRatingResponse,
  shiftMonth,
  type StationRankingQuery,
  type StationRankingResponse,
  type StationRatingRequest,
  type StationRatingResponse,
} from '@smartunion/contracts';

import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { RankingsRepository } from './rankings.repository';
import { StationError } from './stations.errors';
import { type HistoryVisitor, StationVisitsRepository } from './station-visits.repository';
import { StationsRepository } from './stations.repository';

export type { HistoryVisitor } from './station-visits.repository';

/** Monthly rankings of stations and their masters within a scope, and members' monthly station ratings. */
@Injectable()
export class RankingsService {
  constructor(
    private readonly rankings: RankingsRepository,
    private readonly stations: StationsRepository,
    private readonly visits: StationVisitsRepository,
    private readonly users: UsersService,
  ) {}

  /**
   * System use (seed): the history the rankings and monthly reports read, for the `months` whole Asia/Shanghai
   * months before `now`'s — door visits of `visitors`, the masters' check-ins, ratings of the visited stations.
   * Idempotent (a re-run in the same month adds nothing); the current month is left to real use.
   */
  async seedHistory(
    visitors: HistoryVisitor[],
    months: number,
    now = new Date(),
  ): Promise<{ from: string; to: string; visits: number; checkIns: number; ratings: number }> {
    const current = businessMonth(now);
    const from = monthStart(shiftMonth(current, -months));
    const to = monthStart(current);
    const { visits, checkIns } = await this.visits.insertHistory(visitors, from, to);
    const ratings = await this.rankings.insertHistoricRatings(
      visitors.map((v) => v.userId),
      from,
      to,
    );
    return { from, to, visits, checkIns, ratings };
  }

  async stationRanking(
    scope: OrgScope,
    query: StationRankingQuery,
    now = new Date(),
  ): Promise<StationRankingResponse> {
    const month = query.month ?? businessMonth(now);
    const by = query.by ?? 'visits';
    const rows = await this.rankings.stations(scope.paths, month, by);
    return {
      month,
      by,
      items: rows.map((r, i) => ({
        rank: i + 1,
        stationId: r.station_id,
        name: r.name,
        level: r.level,
        org: { id: r.org_id, name: r.org_name },
        visits: r.visits,
        uniqueVisitors: r.unique_visitors,
        rating: r.rating,
        ratings: r.ratings,
      })),
    };
  }

  async masterRanking(
    scope: OrgScope,
    query: MasterRankingQuery,
    now = new Date(),
  ): Promise<MasterRankingResponse> {
    const month = query.month ?? businessMonth(now);
    const rows = await this.rankings.masters(scope.paths, month);
    const names = await this.users.displayNames(rows.map((r) => r.user_id));
    return {
      month,
      items: rows.map((r, i) => ({
        rank: i + 1,
        userId: r.user_id,
        displayName: names.get(r.user_id) ?? '',
        attendanceDays: r.days,
        stations: r.stations,
      })),
    };
  }

  /**
   * A member rates a station for the current month (Asia/Shanghai); only after opening its door this month.
   * Rating again the same month replaces the score.
   */
  async rate(
    userId: string,
    stationId: string,
    request: StationRatingRequest,
    now = new Date(),
  ): Promise<StationRatingResponse> {
    if (!(await this.stations.findById(stationId))) {
      throw new StationError(ErrorCode.StationNotFound, 'No such station');
    }
    const month = businessMonth(now);
    if (!(await this.rankings.visited(stationId, userId, month))) {
      throw new StationError(
        ErrorCode.StationNotVisited,
        'Only members who visited this station this month may rate it',
      );
    }
    const row = await this.rankings.upsertRating(
      stationId,
      userId,
      month,
      request.score,
      request.comment || null,
    );
    return toRatingResponse(stationId, month, row);
  }

  /** The member's rating of a station this month, and whether they may rate it (opened its door this month). */
  async myRating(userId: string, stationId: string, now = new Date()): Promise<MyStationRatingResponse> {
    if (!(await this.stations.findById(stationId))) {
      throw new StationError(ErrorCode.StationNotFound, 'No such station');
    }
    const month = businessMonth(now);
    const [canRate, row] = await Promise.all([
      this.rankings.visited(stationId, userId, month),
      this.rankings.findRating(stationId, userId, month),
    ]);
    return { stationId, month, canRate, rating: row && toRatingResponse(stationId, month, row) };
  }
}

function toRatingResponse(
  stationId: string,
  month: string,
  row: { score: number; comment: string | null; updated_at: Date },
): StationRatingResponse {
  return {
    stationId,
    month,
    score: row.score,
    comment: row.comment,
    updatedAt: row.updated_at.toISOString(),
  };
}
