import { Injectable } from '@nestjs/common';
import {
  COUPON_QR_TTL_SECONDS,
  type CouponQrResponse,
  type CouponResponse,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type MyCouponsQuery,
  type MyCouponsResponse,
} from '@smartunion/contracts';
import { toDataURL } from 'qrcode';

import { SignedTokens } from '../../platform/crypto/signed-token';
import { CounterCodes } from '../../platform/redis/counter-codes';
import { MembersService } from '../membership/members.service';
import { BenefitsError } from './benefits.errors';
import { toCouponResponse } from './coupon.mapper';
import { type CouponRow, CouponsRepository } from './coupons.repository';

/** What a coupon's write-off QR carries: the coupon id, signed, with a short expiry. */
export interface CouponCodePayload {
  c: string;
}

/**
 * Members' coupons of every source (claimed, grabbed in a flash drop, handed out by a campaign): their list,
 * one coupon, and its short-lived write-off QR.
 */
@Injectable()
export class CouponsService {
  constructor(
    private readonly coupons: CouponsRepository,
    private readonly members: MembersService,
    private readonly tokens: SignedTokens,
    private readonly counterCodes: CounterCodes,
  ) {}

  /** The caller's coupons, by tab. */
  async mine(userId: string, query: MyCouponsQuery): Promise<MyCouponsResponse> {
    const member = await this.members.requireMember(userId);
    return this.listForMember(member.id, query);
  }

  /** A member's coupons of any source, newest first, with the count of each tab. */
  async listForMember(memberId: string, query: MyCouponsQuery): Promise<MyCouponsResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total, counts } = await this.coupons.listForMember(
      memberId,
      query.status,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toCouponResponse), total, page, pageSize, counts };
  }

  /** One of the caller's coupons; someone else's reads as not found. */
  async getMine(userId: string, couponId: string): Promise<CouponResponse> {
    return toCouponResponse(await this.own(userId, couponId));
  }

  /**
   * A fresh write-off QR for one of the caller's usable coupons, living {@link COUPON_QR_TTL_SECONDS}: a
   * screenshot passed on is useless minutes later, and a used coupon shows no code at all. The counter code beside
   * it stands for the same token and lapses with it.
   */
  async qr(userId: string, couponId: string): Promise<CouponQrResponse> {
    const coupon = await this.own(userId, couponId);
    switch (coupon.status) {
      case 'used':
        throw new BenefitsError(ErrorCode.CouponAlreadyUsed, 'This coupon has been used');
      case 'expired':
        throw new BenefitsError(ErrorCode.CouponExpired, 'This coupon has expired');
      case 'void':
        throw new BenefitsError(ErrorCode.CouponVoid, 'This coupon is void');
      case 'active':
        break;
    }
    const now = Date.now();
    if (coupon.validFrom.getTime() > now) {
      throw new BenefitsError(ErrorCode.CouponNotYetValid, 'This coupon is not valid yet', {
        validFrom: coupon.validFrom.toISOString(),
      });
    }
    const token = this.tokens.sign<CouponCodePayload>('coupon', { c: coupon.id }, COUPON_QR_TTL_SECONDS, now);
    const expiresAt = Math.floor(now / 1000) * 1000 + COUPON_QR_TTL_SECONDS * 1000;
    return {
      couponId: coupon.id,
      qrToken: token,
      qrDataUrl: await toDataURL(token, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      shortCode: await this.counterCodes.issue('coupon', token, expiresAt, userId),
      qrExpiresAt: new Date(expiresAt).toISOString(),
    };
  }

  private async own(userId: string, couponId: string): Promise<CouponRow> {
    const member = await this.members.requireMember(userId);
    const coupon = await this.coupons.findById(couponId);
    if (!coupon || coupon.memberId !== member.id) {
      throw new BenefitsError(ErrorCode.CouponNotFound, 'No such coupon of yours');
    }
    return coupon;
  }
}
