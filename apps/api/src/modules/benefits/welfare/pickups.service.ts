import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type MyWelfareResponse,
  WELFARE_CODE_TTL_SECONDS,
  type WelfareAlreadyPickedUpDetails,
  type WelfarePickupCodeResponse,
  type WelfarePickupRequest,
  type WelfarePickupResponse,
  type WelfarePickupStationsResponse,
} from '@smartunion/contracts';
import { toDataURL } from 'qrcode';

import { AuditService } from '../../../platform/audit/audit.service';
import { SignedTokens } from '../../../platform/crypto/signed-token';
import { CounterCodes } from '../../../platform/redis/counter-codes';
import type { OrgScope } from '../../../platform/scope/org-scope';
import { MembersService } from '../../membership/members.service';
import { StationsService } from '../../stations/stations.service';
import {
  type PickupAllocationRow,
  type PickupStationRow,
  WelfareAllocationsRepository,
} from './allocations.repository';
import { WelfareProgressRepository } from './progress.repository';
import { WelfareError } from './welfare.errors';
import { toMyWelfareItem } from './welfare.mapper';

/** The pick-up QR's payload: the allocation id. */
interface PickupPayload {
  a: string;
}

const alreadyPickedUp = (a: PickupAllocationRow): WelfareError => {
  const details: WelfareAlreadyPickedUpDetails = {
    pickedUpAt: a.pickedUpAt?.toISOString() ?? '',
    station: a.pickedUpStation,
  };
  return new WelfareError(ErrorCode.WelfareAlreadyPickedUp, 'This share was picked up already', details);
};

/**
 * The member's side (my welfare, a short-lived pick-up QR per share) and the station's (write-off at the
 * desk: once, only at one of the campaign's stations, only while the campaign is open). Every write-off
 * attempt on a real share is audited, refused or not.
 */
@Injectable()
export class WelfarePickupsService {
  constructor(
    private readonly allocations: WelfareAllocationsRepository,
    private readonly progress: WelfareProgressRepository,
    private readonly members: MembersService,
    private readonly stationsService: StationsService,
    private readonly tokens: SignedTokens,
    private readonly counterCodes: CounterCodes,
    private readonly audit: AuditService,
  ) {}

  async mine(userId: string): Promise<MyWelfareResponse> {
    const member = await this.members.requireMember(userId);
    return { items: (await this.allocations.mine(member.id)).map(toMyWelfareItem) };
  }

  /**
   * A pick-up QR for one of the caller's own shares, valid {@link WELFARE_CODE_TTL_SECONDS}, with the counter
   * code that stands for it as long.
   */
  async code(userId: string, allocationId: string): Promise<WelfarePickupCodeResponse> {
    const member = await this.members.requireMember(userId);
    const a = await this.allocations.findMemberAllocation(allocationId, member.id);
    if (!a) throw new WelfareError(ErrorCode.NotFound, 'No such welfare share of yours');
    if (a.status === 'picked_up') throw alreadyPickedUp(a);
    if (!a.campaignOpen) throw new WelfareError(ErrorCode.CampaignNotOpen, 'The campaign is not open');
    const now = Date.now();
    const token = this.tokens.sign<PickupPayload>(
      'welfare-pickup',
      { a: a.id },
      WELFARE_CODE_TTL_SECONDS,
      now,
    );
    const expiresAt = Math.floor(now / 1000) * 1000 + WELFARE_CODE_TTL_SECONDS * 1000;
    return {
      allocationId: a.id,
      qrToken: token,
      qrDataUrl: await toDataURL(token, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      shortCode: await this.counterCodes.issue('welfare-pickup', token, expiresAt, userId),
      qrExpiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Stations where the caller may hand out goods now, for the pick-up desk's chooser. */
  async stations(scope: OrgScope): Promise<WelfarePickupStationsResponse> {
    const mastered = await this.stationsService.masteredStationIds(scope.userId);
    return { items: await this.progress.pickupStations(mastered, scope.paths) };
  }

  /**
   * Writes a share off at a station, by the scanned QR token or the typed counter code standing for it (see
   * {@link CounterCodes}). The caller masters the station or holds welfare:pickup scope over it; the
   * station is one of the campaign's; the campaign is published and in its window; the member is still
   * active. Never twice: see {@link WelfareAllocationsRepository.pickUp}.
   */
  async pickUp(scope: OrgScope, request: WelfarePickupRequest): Promise<WelfarePickupResponse> {
    const token = await this.counterCodes.tokenFor('welfare-pickup', request.code, scope.userId);
    if (token === null) {
      throw new WelfareError(ErrorCode.WelfareCodeInvalid, 'No live pick-up code has these digits');
    }
    const check = this.tokens.verify<PickupPayload>('welfare-pickup', token);
    if (!check.ok) {
      throw check.reason === 'expired'
        ? new WelfareError(ErrorCode.WelfareCodeExpired, 'This pick-up code has expired')
        : new WelfareError(ErrorCode.WelfareCodeInvalid, 'This is not a welfare pick-up code');
    }
    const allocationId = check.payload.a;
    const a =
      typeof allocationId === 'string' && /^[1-9]\d{0,17}$/.test(allocationId)
        ? await this.allocations.findForPickup(allocationId)
        : null;
    if (!a) throw new WelfareError(ErrorCode.WelfareCodeInvalid, 'This is not a welfare pick-up code');

    const found = await this.allocations.pickupStation(request.stationId, a.campaignId);
    if (!found) throw new WelfareError(ErrorCode.StationNotFound, 'No such station');
    const station: PickupStationRow = {
      ...found,
      isMaster: await this.stationsService.isMasterOf(scope.userId, found.id),
    };
    if (!station.isMaster) scope.assertCovers({ path: station.orgPath }, 'This station');
    if (!station.inCampaign || !station.active) {
      return this.refuse(
        scope,
        a,
        station,
        ErrorCode.WelfareWrongStation,
        'Not a pick-up point of this campaign',
      );
    }
    if (!a.campaignOpen)
      return this.refuse(scope, a, station, ErrorCode.CampaignNotOpen, 'Campaign not open');
    if (a.memberStatus !== 'active') {
      return this.refuse(scope, a, station, ErrorCode.WelfareNotEntitled, 'The member has left the union');
    }
    if (a.status === 'picked_up') return this.refuse(scope, a, station, ErrorCode.WelfareAlreadyPickedUp);

    const pickedUpAt = await this.allocations.transaction(async (m) => {
      const at = await this.allocations.pickUp(a.id, station.id, scope.userId, m);
      if (!at) return null;
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'welfare.picked_up',
          targetType: 'welfare_allocation',
          targetId: a.id,
          orgId: a.memberOrg.id,
          after: { campaignId: a.campaignId, stationId: station.id, quantity: a.quantity },
        },
        m,
      );
      return at;
    });
    if (!pickedUpAt) {
      // Lost a race: someone else wrote it off, or the campaign closed, a moment ago.
      const now = await this.allocations.findForPickup(a.id);
      if (now && now.status === 'allotted') {
        return this.refuse(scope, now, station, ErrorCode.CampaignNotOpen, 'Campaign not open');
      }
      return this.refuse(scope, now ?? a, station, ErrorCode.WelfareAlreadyPickedUp);
    }
    const names = await this.members.maskedNames([a.memberId]);
    return {
      allocationId: a.id,
      campaign: { id: a.campaignId, title: a.campaignTitle, goods: a.goods, unit: a.unit },
      quantity: a.quantity,
      memberName: names.get(a.memberId) ?? '',
      memberOrg: a.memberOrg,
      station: { id: station.id, name: station.name, address: station.address },
      pickedUpAt: pickedUpAt.toISOString(),
    };
  }

  /** Audits a refused write-off of a real share, then throws the refusal. */
  private async refuse(
    scope: OrgScope,
    a: PickupAllocationRow,
    station: PickupStationRow,
    code: ErrorCode,
    message = 'Refused',
  ): Promise<never> {
    await this.audit.record({
      actorUserId: scope.actorUserId,
      action: 'welfare.pickup_refused',
      targetType: 'welfare_allocation',
      targetId: a.id,
      orgId: a.memberOrg.id,
      after: { campaignId: a.campaignId, stationId: station.id, code },
    });
    if (code === ErrorCode.WelfareAlreadyPickedUp) throw alreadyPickedUp(a);
    throw new WelfareError(code, message);
  }
}
