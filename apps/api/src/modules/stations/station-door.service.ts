import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_COORD_SYSTEM,
  DOOR_OPENS_PER_MEMBER_PER_MINUTE,
  DOOR_OPENS_PER_STATION_PER_MINUTE,
  ErrorCode,
  type OpenStationDoorRequest,
  type OpenStationDoorResponse,
  type RemoteOpenStationDoorResponse,
  STATION_DOOR_CODE_PARAM,
  STATION_DOOR_PAGE,
  type StationDoorCodeResponse,
} from '@smartunion/contracts';
import { toDataURL } from 'qrcode';

import { AuditService } from '../../platform/audit/audit.service';
import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { SignedTokens } from '../../platform/crypto/signed-token';
import { DoorCommander, type DoorOpenResult } from '../../platform/devices/door-commander';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import type { OrgScope } from '../../platform/scope/org-scope';
import { MembersService } from '../membership/members.service';
import { toWgs84 } from './coordinates';
import { isOpenAt } from './opening-hours';
import { type StationRow, StationsRepository } from './stations.repository';
import { StationError } from './stations.errors';
import { StationStatesRepository } from './station-states.repository';
import { StationVisitsRepository, type VisitRow } from './station-visits.repository';

interface DoorCodePayload {
  /** stations.id */
  s: string;
}

/** A visit still pending after this long has no outcome coming: the expiry job fails it. */
export const STALE_VISIT_SECONDS = 60;

const STATION_ID = /^[1-9]\d{0,17}$/;

/** How often a replayed request looks again at a visit another request is still deciding. */
const REPLAY_POLL_MS = 100;

/**
 * Scan-to-open (扫码开门): the door QR printed at a station, and opening the door for a member who scans it.
 *
 * Every attempt that passes the checks is a station_visits row, written 'pending' and committed before the
 * command leaves, then decided by the lock's answer; the requestId makes retries idempotent. An attempt refused
 * before the command (too far, closed, full…) is no visit. Staff open doors from afar through
 * {@link openRemotely}, audited and never a visit.
 */
@Injectable()
export class StationDoorService {
  private readonly logger = new Logger(StationDoorService.name);

  constructor(
    private readonly stations: StationsRepository,
    private readonly visits: StationVisitsRepository,
    private readonly members: MembersService,
    private readonly tokens: SignedTokens,
    private readonly door: DoorCommander,
    private readonly states: StationStatesRepository,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The door QR of a station in the scope. No expiry: it is printed and stays on the door. */
  async doorCode(scope: OrgScope, stationId: string): Promise<StationDoorCodeResponse> {
    const station = await this.stations.findById(stationId);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    scope.assertCovers({ path: station.orgPath }, 'This station');
    const token = this.tokens.sign<DoorCodePayload>('station-door', { s: station.id });
    const url = `${this.config.publicAppUrl}/#/${STATION_DOOR_PAGE}?${STATION_DOOR_CODE_PARAM}=${encodeURIComponent(token)}`;
    return {
      stationId: station.id,
      token,
      url,
      qrDataUrl: await toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
    };
  }

  /**
   * Opens the door of the station the scanned code names, for the calling member. Answers the first outcome
   * again for a requestId already used by this caller at this station.
   */
  async open(
    userId: string,
    request: OpenStationDoorRequest,
    clientRequestId?: string,
  ): Promise<OpenStationDoorResponse> {
    const requestId: string = clientRequestId ?? randomUUID();
    const stationId = this.resolveCode(request.code);
    const previous = await this.visits.findByRequestId(requestId);
    if (previous) return this.replay(previous, userId, stationId);

    const member = await this.members.requireMember(userId);
    const station = await this.stations.findById(stationId);
    if (!station) throw new StationError(ErrorCode.StationCodeInvalid, 'This station door code is not valid');
    if (station.verifiedOnly) await this.members.requireVerifiedMember(userId);
    await this.assertAtDoor(station, request);
    await this.assertOpenAndRoom(station);
    await this.rateLimiter.hit({
      key: `door:member:${member.id}`,
      limit: DOOR_OPENS_PER_MEMBER_PER_MINUTE,
      windowMs: 60_000,
    });
    await this.rateLimiter.hit({
      key: `door:station:${station.id}`,
      limit: DOOR_OPENS_PER_STATION_PER_MINUTE,
      windowMs: 60_000,
    });

    const visit = await this.visits.insertPending({
      stationId: station.id,
      userId,
      memberId: member.id,
      requestId,
    });
    if (!visit) {
      // The same requestId raced in from a concurrent retry: follow that attempt.
      return this.replay((await this.visits.findByRequestId(requestId)) as VisitRow, userId, stationId);
    }

    let result: DoorOpenResult;
    try {
      result = await this.door.open(station.id, { requestId, memberRef: member.memberNo });
    } catch (err) {
      await this.visits.markFailed(visit.id, 'error', (err as Error).message);
      throw err;
    }
    if (result.ok) {
      await this.visits.markOpened(visit.id, result.latencyMs);
      return this.opened(visit.id, station, result.latencyMs);
    }
    await this.visits.markFailed(visit.id, result.reason, result.detail ?? null);
    throw this.doorError(visit.id, result.reason);
  }

  /**
   * Opens a station's door for staff whose station:write scope covers it, wherever they are (a member without a
   * phone, a stuck lock). No visit: the audit log keeps who, when, why and the lock's answer.
   */
  async openRemotely(
    scope: OrgScope,
    stationId: string,
    reason: string | undefined,
  ): Promise<RemoteOpenStationDoorResponse> {
    const station = await this.stations.findById(stationId);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    scope.assertCovers({ path: station.orgPath }, 'This station');
    const requestId = randomUUID();
    let result: DoorOpenResult;
    try {
      result = await this.door.open(station.id, { requestId, memberRef: `staff:${scope.userId}` });
    } catch (err) {
      result = { ok: false, reason: 'unavailable', detail: (err as Error).message };
    }
    await this.audit.record({
      actorUserId: scope.userId,
      action: 'station.door-opened-remotely',
      targetType: 'station',
      targetId: station.id,
      orgId: station.orgId,
      after: result.ok
        ? { requestId, reason: reason ?? null, outcome: 'opened', latencyMs: result.latencyMs }
        : { requestId, reason: reason ?? null, outcome: 'failed', failure: result.reason },
    });
    if (!result.ok) {
      const details = { requestId, reason: result.reason };
      throw result.reason === 'timeout'
        ? new StationError(ErrorCode.DoorTimeout, 'The door did not answer in time', details)
        : new StationError(ErrorCode.DoorUnavailable, 'The door could not be opened', details);
    }
    return {
      status: 'opened',
      station: { id: station.id, name: station.name },
      requestId,
      latencyMs: result.latencyMs,
    };
  }

  /** Fails visits left pending (a crash between their two writes). */
  async expireStaleVisits(): Promise<number> {
    const expired = await this.visits.expirePending(STALE_VISIT_SECONDS);
    if (expired > 0) this.logger.warn({ expired }, 'Failed door visits left pending');
    return expired;
  }

  /** The station a door code names; STATION_CODE_INVALID for anything forged, edited or of another kind. */
  private resolveCode(code: string): string {
    const check = this.tokens.verify<DoorCodePayload>('station-door', code);
    if (!check.ok || typeof check.payload.s !== 'string' || !STATION_ID.test(check.payload.s)) {
      throw new StationError(ErrorCode.StationCodeInvalid, 'This station door code is not valid');
    }
    return check.payload.s;
  }

  /** The member stands within the station's door radius: a photo of the printed QR opens nothing elsewhere. */
  private async assertAtDoor(station: StationRow, request: OpenStationDoorRequest): Promise<void> {
    if (!request.location) {
      throw new StationError(ErrorCode.DoorLocationRequired, 'The position of the member is needed to open');
    }
    const at = toWgs84(request.location, request.coord ?? DEFAULT_COORD_SYSTEM);
    const distance = (await this.stations.distanceTo(station.id, at)) as number;
    if (distance > station.doorRadiusMeters) {
      throw new StationError(ErrorCode.DoorTooFar, 'Too far from the station to open its door', {
        distanceMeters: Math.round(distance),
        maxMeters: station.doorRadiusMeters,
      });
    }
  }

  private async assertOpenAndRoom(station: StationRow): Promise<void> {
    if (station.status !== 'active' || !isOpenAt(station.hours, new Date())) {
      throw new StationError(ErrorCode.StationClosed, 'The station is not open now', {
        status: station.status,
        hours: station.hours,
      });
    }
    const [state] = await this.states.read([station.id]);
    // Occupancy is trusted only from a device heard from recently.
    if (state?.online && state.occupancy !== null && state.occupancy >= station.capacity) {
      throw new StationError(ErrorCode.StationFull, 'The station is full', {
        occupancy: state.occupancy,
        capacity: station.capacity,
      });
    }
  }

  /** The outcome of an earlier attempt with this requestId, waiting for it if it is still being decided. */
  private async replay(visit: VisitRow, userId: string, stationId: string): Promise<OpenStationDoorResponse> {
    if (visit.userId !== userId || visit.stationId !== stationId) {
      throw new StationError(ErrorCode.Conflict, 'This requestId belongs to another door request');
    }
    let current = visit;
    const until = Date.now() + this.config.devices.doorAckTimeoutMs + 2000;
    while (current.status === 'pending' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, REPLAY_POLL_MS));
      current = (await this.visits.findByRequestId(visit.requestId)) as VisitRow;
    }
    if (current.status === 'opened') {
      const station = await this.stations.findById(stationId);
      return this.opened(current.id, { id: stationId, name: station?.name ?? '' }, current.latencyMs ?? 0);
    }
    throw this.doorError(current.id, current.status === 'pending' ? 'timeout' : (current.failure ?? 'error'));
  }

  private opened(
    visitId: string,
    station: { id: string; name: string },
    latencyMs: number,
  ): OpenStationDoorResponse {
    return { visitId, status: 'opened', station: { id: station.id, name: station.name }, latencyMs };
  }

  private doorError(visitId: string, reason: string): StationError {
    return reason === 'timeout'
      ? new StationError(ErrorCode.DoorTimeout, 'The door did not answer in time', { visitId, reason })
      : new StationError(ErrorCode.DoorUnavailable, 'The door could not be opened', { visitId, reason });
  }
}
