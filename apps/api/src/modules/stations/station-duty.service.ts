import { Injectable } from '@nestjs/common';
import {
  ATTENDANCE_RADIUS_M,
  DEFAULT_COORD_SYSTEM,
  ErrorCode,
  type JoinCodeResponse,
  type MyStationsResponse,
  type StationAttendanceRequest,
  type StationAttendanceResponse,
  type StationVisitorsTodayResponse,
} from '@smartunion/contracts';

import type { OrgScope } from '../../platform/scope/org-scope';
import { JoinCodesService } from '../membership/join-codes.service';
import { MembersService } from '../membership/members.service';
import { toWgs84 } from './coordinates';
import { isOpenAt } from './opening-hours';
import { StationError } from './stations.errors';
import { type StationRow, StationsRepository } from './stations.repository';
import { type AttendanceRow, StationVisitsRepository } from './station-visits.repository';

/** Most visits today's list returns (counts cover them all). */
const VISITORS_LIMIT = 500;

const toAttendance = (a: AttendanceRow): StationAttendanceResponse => ({
  stationId: a.stationId,
  day: a.day,
  checkedInAt: a.checkedInAt.toISOString(),
  distanceMeters: Math.round(a.distanceMeters),
});

/** What station masters do at their stations (check-in, today's visitors) and the join code posted there. */
@Injectable()
export class StationDutyService {
  constructor(
    private readonly stations: StationsRepository,
    private readonly visits: StationVisitsRepository,
    private readonly members: MembersService,
    private readonly joinCodes: JoinCodesService,
  ) {}

  /** A master's daily check-in within {@link ATTENDANCE_RADIUS_M} of the station; the first of the day stays. */
  async checkIn(
    userId: string,
    stationId: string,
    request: StationAttendanceRequest,
  ): Promise<{ attendance: StationAttendanceResponse; created: boolean }> {
    await this.requireStation(stationId);
    if (!(await this.stations.isMaster(stationId, userId))) {
      throw new StationError(ErrorCode.Forbidden, 'Only a master of this station checks in here');
    }
    const existing = await this.visits.todayAttendance(stationId, userId);
    if (existing) return { attendance: toAttendance(existing), created: false };
    const at = toWgs84({ lat: request.lat, lng: request.lng }, request.coord ?? DEFAULT_COORD_SYSTEM);
    const distance = (await this.stations.distanceTo(stationId, at)) as number;
    if (distance > ATTENDANCE_RADIUS_M) {
      throw new StationError(ErrorCode.StationTooFar, 'Too far from the station to check in', {
        distanceMeters: Math.round(distance),
        maxMeters: ATTENDANCE_RADIUS_M,
      });
    }
    const { row, created } = await this.visits.checkIn(stationId, userId, at.lng, at.lat, distance);
    return { attendance: toAttendance(row), created };
  }

  /** Today's door visits of a station, for its masters and for staff whose station:read scope covers it. */
  async visitorsToday(scope: OrgScope, stationId: string): Promise<StationVisitorsTodayResponse> {
    const station = await this.requireStation(stationId);
    if (!(await this.stations.isMaster(stationId, scope.userId))) {
      scope.assertCovers({ path: station.orgPath }, 'This station');
    }
    const [day, rows, counts] = await Promise.all([
      this.visits.today(),
      this.visits.visitsToday(stationId, VISITORS_LIMIT),
      this.visits.todayCounts(stationId),
    ]);
    const names = await this.members.maskedNames(rows.map((r) => r.memberId));
    return {
      stationId,
      day,
      items: rows.map((r) => ({
        visitId: r.id,
        memberName: names.get(r.memberId) ?? '',
        status: r.status,
        at: r.createdAt.toISOString(),
        latencyMs: r.latencyMs,
        failure: r.failure,
      })),
      counts,
    };
  }

  /** The caller's stations (as master) with today's check-in; empty for anyone else. */
  async mine(userId: string): Promise<MyStationsResponse> {
    const [day, rows] = await Promise.all([this.visits.today(), this.visits.mastered(userId)]);
    const now = new Date();
    return {
      day,
      items: rows.map((s) => ({
        id: s.id,
        name: s.name,
        address: s.address,
        org: { id: s.orgId, name: s.orgName },
        hours: s.hours,
        openNow: s.status === 'active' && isOpenAt(s.hours, now),
        status: s.status,
        attendance: s.attendance
          ? {
              checkedInAt: s.attendance.checkedInAt.toISOString(),
              distanceMeters: Math.round(s.attendance.distanceMeters),
            }
          : null,
      })),
    };
  }

  /** A join code of a grassroots union (in the scope) to post at a station of the scope, labelled with its name. */
  async joinCode(scope: OrgScope, stationId: string, unionId: string): Promise<JoinCodeResponse> {
    const station = await this.requireStation(stationId);
    scope.assertCovers({ path: station.orgPath }, 'This station');
    return this.joinCodes.create(scope, { orgId: unionId, label: station.name });
  }

  private async requireStation(id: string): Promise<StationRow> {
    const station = await this.stations.findById(id);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    return station;
  }
}
