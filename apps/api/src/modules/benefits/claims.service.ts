import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  type ClaimableCouponsResponse,
  type CouponResponse,
  ErrorCode,
  type Occupation,
} from '@smartunion/contracts';

import type { Db } from '../../platform/database/sql';
import { isWithin } from '../../platform/scope/org-scope';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import { MembersService } from '../membership/members.service';
import { BenefitsError } from './benefits.errors';
import { remainingOf, toClaimableResponse } from './coupon-template.mapper';
import { CouponTemplatesRepository, type TemplateRow } from './coupon-templates.repository';
import { toCouponResponse } from './coupon.mapper';
import { type CouponRow, CouponsRepository } from './coupons.repository';

/** What a claim's audience check needs of the member. */
interface AudienceMember {
  orgPath: string;
  occupation: Occupation;
}

/** Claims per member per minute: a person taps, a script hammers. */
export const CLAIMS_PER_MEMBER_PER_MINUTE = 30;
/** How many claimable templates the 福利 tab lists at most. */
const CLAIMABLE_LIST_LIMIT = 100;

/** A claim: the coupon, and whether this request made it (false: the first answer to a retried request). */
export interface ClaimOutcome {
  coupon: CouponResponse;
  created: boolean;
}

/**
 * Claiming coupons (领券): the templates a member may claim, and the claim itself — in audience, in window,
 * under the per-member limit (coupons_claim_member_uq on the n-th claim) and within the stock (a guarded
 * UPDATE in the same transaction), once per idempotency key.
 */
@Injectable()
export class ClaimsService {
  constructor(
    private readonly templates: CouponTemplatesRepository,
    private readonly coupons: CouponsRepository,
    private readonly members: MembersService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** The templates the caller may claim now, soonest to lapse first. Non-members see none. */
  async claimable(userId: string): Promise<ClaimableCouponsResponse> {
    const member = await this.members.findActiveByUser(userId);
    if (!member) return { items: [] };
    const rows = await this.templates.claimableFor(
      {
        id: member.id,
        orgPath: member.orgPath,
        occupation: member.occupation,
        verified: member.verification === 'verified',
      },
      CLAIMABLE_LIST_LIMIT,
    );
    return { items: rows.map(toClaimableResponse) };
  }

  async claim(userId: string, templateId: string, requestId?: string): Promise<ClaimOutcome> {
    const member = await this.members.requireMember(userId);
    if (requestId) {
      const first = await this.coupons.findClaimByRequest(member.id, requestId);
      if (first) return { coupon: this.replayOf(first, templateId), created: false };
    }
    const template = await this.templates.findById(templateId);
    if (!template) throw new BenefitsError(ErrorCode.CouponTemplateNotFound, 'No such coupon');
    this.assertOpen(template);
    await this.assertAudience(template, member, userId);
    await this.rateLimiter.hit({
      key: `claim:member:${member.id}`,
      limit: CLAIMS_PER_MEMBER_PER_MINUTE,
      windowMs: 60_000,
    });

    const outcome = await this.coupons.transaction(async (m) => {
      // A concurrent claim of the same member takes the same seq; the unique index makes this insert wait for
      // it and then skip, and the next round sees its coupon (READ COMMITTED: each statement a fresh snapshot).
      for (let round = 0; round <= template.perMemberLimit; round += 1) {
        const { n, last } = await this.coupons.claimsOf(template.id, member.id, m);
        if (n >= template.perMemberLimit) return 'limit' as const;
        const id = await this.coupons.insertClaim(
          {
            id: randomUUID(),
            templateId: template.id,
            memberId: member.id,
            userId,
            seq: last + 1,
            requestId: requestId ?? null,
          },
          m,
        );
        if (!id) {
          if (requestId && (await this.coupons.findClaimByRequest(member.id, requestId, m)))
            return 'replay' as const;
          continue;
        }
        // Last, so the template's row lock is held for the shortest time before commit.
        if (!(await this.templates.takeForClaim(template.id, m))) throw await this.stockError(template.id, m);
        return id;
      }
      throw new BenefitsError(ErrorCode.Conflict, 'Too many concurrent claims, try again');
    });
    if (outcome === 'limit') {
      throw new BenefitsError(ErrorCode.CouponLimitReached, 'You hold as many of this coupon as allowed', {
        perMemberLimit: template.perMemberLimit,
      });
    }
    if (outcome === 'replay') {
      const first = (await this.coupons.findClaimByRequest(member.id, requestId as string)) as CouponRow;
      return { coupon: this.replayOf(first, templateId), created: false };
    }
    return { coupon: toCouponResponse((await this.coupons.findById(outcome)) as CouponRow), created: true };
  }

  /** A claim open now: active, claimable directly, in its window, of an active merchant. */
  private assertOpen(t: TemplateRow): void {
    const now = Date.now();
    const open =
      t.status === 'active' &&
      t.claimable &&
      t.merchantStatus === 'active' &&
      t.validFrom.getTime() <= now &&
      t.validTo.getTime() > now;
    if (!open) {
      throw new BenefitsError(ErrorCode.CouponNotClaimable, 'This coupon cannot be claimed now', {
        status: t.status,
        claimable: t.claimable,
        validFrom: t.validFrom.toISOString(),
        validTo: t.validTo.toISOString(),
      });
    }
    if (remainingOf(t) === 0) throw new BenefitsError(ErrorCode.CouponSoldOut, 'This coupon is sold out');
  }

  /** The member's union lies under the template's org, the occupation matches, verified if it must be. */
  private async assertAudience(t: TemplateRow, member: AudienceMember, userId: string): Promise<void> {
    if (!isWithin(member.orgPath, t.orgPath)) {
      throw new BenefitsError(ErrorCode.NotInAudience, "Your union is outside this coupon's audience");
    }
    if (t.occupations.length > 0 && !t.occupations.includes(member.occupation)) {
      throw new BenefitsError(ErrorCode.NotInAudience, 'This coupon is for other occupations', {
        occupations: t.occupations,
      });
    }
    if (t.verifiedOnly) await this.members.requireVerifiedMember(userId);
  }

  /** Why the guarded stock update took nothing: the last unit went, or the template closed meanwhile. */
  private async stockError(templateId: string, db: Db): Promise<BenefitsError> {
    const now = await this.templates.findById(templateId, db);
    return now && remainingOf(now) === 0
      ? new BenefitsError(ErrorCode.CouponSoldOut, 'This coupon is sold out')
      : new BenefitsError(ErrorCode.CouponNotClaimable, 'This coupon cannot be claimed now');
  }

  private replayOf(first: CouponRow, templateId: string): CouponResponse {
    if (first.templateId !== templateId) {
      throw new BenefitsError(ErrorCode.Conflict, 'This requestId belongs to another claim');
    }
    return toCouponResponse(first);
  }
}
