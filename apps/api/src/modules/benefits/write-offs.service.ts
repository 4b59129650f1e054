import { Injectable } from '@nestjs/common';
import {
  couponValueLabel,
  ErrorCode,
  type WriteOffListResponse,
  type WriteOffRecordResponse,
  type WriteOffRefusalDetails,
  type WriteOffRequest,
  type WriteOffResponse,
  WriteOffResult,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { SignedTokens } from '../../platform/crypto/signed-token';
import { isUniqueViolation } from '../../platform/database/postgres-errors';
import { CounterCodes } from '../../platform/redis/counter-codes';
import { UsersService } from '../identity/users.service';
import { MembersService } from '../membership/members.service';
import { BenefitsError } from './benefits.errors';
import type { CouponCodePayload } from './coupons.service';
import { type CounterMerchant, MerchantsRepository, type StoreRow } from './merchants.repository';
import { type AttemptRow, type CouponState, WriteOffsRepository } from './write-offs.repository';

const COUPON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The write-off page lists this many of today's attempts. */
const TODAY_LIMIT = 100;

type Refusal = Exclude<WriteOffResult, 'ok'>;

const REFUSAL_CODES: Readonly<Record<Refusal, ErrorCode>> = {
  already_used: ErrorCode.CouponAlreadyUsed,
  expired: ErrorCode.CouponExpired,
  not_yet_valid: ErrorCode.CouponNotYetValid,
  wrong_merchant: ErrorCode.CouponWrongMerchant,
  invalid_code: ErrorCode.CouponCodeInvalid,
  code_expired: ErrorCode.CouponCodeExpired,
  void: ErrorCode.CouponVoid,
};

/** The token inside what the counter scanned or pasted: the bare token, or a URL carrying it as `code`. */
function tokenOf(scanned: string): string {
  const text = scanned.trim();
  const inUrl = /[?&]code=([^&#]+)/.exec(text);
  if (!inUrl) return text;
  try {
    return decodeURIComponent(inUrl[1]);
  } catch {
    return text;
  }
}

interface Counter {
  merchant: CounterMerchant;
  store: StoreRow | null;
  userId: string;
  requestId: string | null;
}

/**
 * Writing off coupons at a merchant's counter (核销): never twice (one guarded UPDATE), never outside the
 * coupon's validity, never another merchant's coupon, never a void one. Every attempt, whatever its outcome,
 * is a coupon_writeoffs row and an audit entry.
 */
@Injectable()
export class WriteOffsService {
  constructor(
    private readonly writeOffs: WriteOffsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly tokens: SignedTokens,
    private readonly counterCodes: CounterCodes,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes off the coupon the counter scanned (the QR's token) or typed (its counter code). A coupon used before
   * is refused as COUPON_ALREADY_USED with when and where; only a retry of the same requestId answers its first
   * success again.
   */
  async writeOff(userId: string, request: WriteOffRequest, requestId?: string): Promise<WriteOffResponse> {
    const mine = await this.counterMerchantsOf(userId);
    if (requestId) {
      const first = await this.writeOffs.findOkByRequest(userId, requestId);
      if (first) return this.okResponse(first, mine);
    }
    const store = request.storeId ? await this.storeOf(request.storeId, mine) : null;
    const at = (merchantId?: string): Counter => ({
      merchant: mine.find((m) => m.id === (store?.merchantId ?? merchantId)) ?? mine[0],
      store,
      userId,
      requestId: requestId ?? null,
    });

    const scanned = await this.counterCodes.tokenFor('coupon', request.code, userId);
    if (scanned === null) return this.refuse(at(), null, 'invalid_code');
    const check = this.tokens.verify<CouponCodePayload>('coupon', tokenOf(scanned));
    if (!check.ok) {
      return this.refuse(at(), null, check.reason === 'expired' ? 'code_expired' : 'invalid_code');
    }
    const couponId =
      typeof check.payload.c === 'string' && COUPON_ID.test(check.payload.c) ? check.payload.c : null;
    const coupon = couponId ? await this.writeOffs.couponState(couponId) : null;
    if (!couponId || !coupon) return this.refuse(at(), null, 'invalid_code');
    const counter = at(coupon.merchantId);
    // Another merchant's coupon: its title and state stay that merchant's business.
    if (counter.merchant.id !== coupon.merchantId) return this.refuse(counter, couponId, 'wrong_merchant');

    // A miss whose cause the re-read cannot see (the coupon's window opened between the two) tries once more.
    for (let round = 0; round < 2; round += 1) {
      const attemptId = await this.tryUse(counter, couponId);
      if (attemptId)
        return this.okResponse((await this.writeOffs.findAttempt(attemptId)) as AttemptRow, mine);
      if (requestId) {
        const first = await this.writeOffs.findOkByRequest(userId, requestId);
        if (first) return this.okResponse(first, mine);
      }
      const now = (await this.writeOffs.couponState(couponId)) as CouponState;
      const refusal = refusalOf(now);
      if (refusal) return this.refuse(counter, couponId, refusal, now);
    }
    throw new BenefitsError(ErrorCode.Conflict, 'The coupon changed during the write-off, try again');
  }

  /** The guarded use, its ok record and audit in one transaction: the attempt's id, or null if it missed. */
  private async tryUse(counter: Counter, couponId: string): Promise<string | null> {
    const storeId = counter.store?.id ?? null;
    try {
      return await this.writeOffs.transaction(async (m) => {
        const usedAt = await this.writeOffs.use(couponId, counter.merchant.id, counter.userId, storeId, m);
        if (!usedAt) return null;
        const id = await this.writeOffs.insertAttempt(this.attempt(counter, couponId, 'ok'), m);
        await this.audit.record(
          {
            actorUserId: counter.userId,
            action: 'benefits.coupon.written_off',
            targetType: 'coupon',
            targetId: couponId,
            orgId: counter.merchant.orgId,
            after: { writeOffId: id, merchantId: counter.merchant.id, storeId, usedAt },
          },
          m,
        );
        return id;
      });
    } catch (e) {
      // The same requestId succeeded on a concurrent retry: the caller answers it.
      if (counter.requestId && isUniqueViolation(e, 'coupon_writeoffs_request_uq')) return null;
      throw e;
    }
  }

  /** Today's attempts at the counters of the caller's merchants, newest first. */
  async today(userId: string): Promise<WriteOffListResponse> {
    const mine = await this.counterMerchantsOf(userId);
    const { date, okCount, attempts, items } = await this.writeOffs.today(
      mine.map((m) => m.id),
      TODAY_LIMIT,
    );
    const [names, userNames] = await Promise.all([
      this.members.maskedNames(items.flatMap((i) => (i.memberId ? [i.memberId] : []))),
      this.users.displayNames(items.flatMap((i) => (i.byUserId ? [i.byUserId] : []))),
    ]);
    return { date, okCount, attempts, items: items.map((i) => toRecord(i, names, userNames)) };
  }

  private async counterMerchantsOf(userId: string): Promise<CounterMerchant[]> {
    const mine = await this.merchants.counterMerchantsOf(userId);
    if (mine.length === 0) {
      throw new BenefitsError(ErrorCode.NotAMerchant, 'Your account acts for no active merchant');
    }
    return mine;
  }

  private async storeOf(storeId: string, mine: CounterMerchant[]): Promise<StoreRow> {
    const store = await this.merchants.findStore(storeId);
    if (!store || store.status !== 'active' || !mine.some((m) => m.id === store.merchantId)) {
      throw new BenefitsError(ErrorCode.StoreNotFound, 'No such open store of your merchant');
    }
    return store;
  }

  private attempt(
    counter: Counter,
    couponId: string | null,
    result: WriteOffResult,
  ): Parameters<WriteOffsRepository['insertAttempt']>[0] {
    return {
      couponId,
      merchantId: counter.merchant.id,
      storeId: counter.store?.id ?? null,
      userId: counter.userId,
      result,
      requestId: result === 'ok' ? counter.requestId : null,
    };
  }

  /** Records and audits a refused attempt, then throws its coded error (with the attempt in `details`). */
  private async refuse(
    counter: Counter,
    couponId: string | null,
    result: Refusal,
    coupon?: CouponState,
  ): Promise<never> {
    const writeOffId = await this.writeOffs.transaction(async (m) => {
      const id = await this.writeOffs.insertAttempt(this.attempt(counter, couponId, result), m);
      await this.audit.record(
        {
          actorUserId: counter.userId,
          action: 'benefits.coupon.write_off_refused',
          targetType: 'coupon',
          targetId: couponId ?? 'unknown',
          orgId: counter.merchant.orgId,
          after: {
            writeOffId: id,
            result,
            merchantId: counter.merchant.id,
            storeId: counter.store?.id ?? null,
          },
        },
        m,
      );
      return id;
    });
    const details: WriteOffRefusalDetails = {
      writeOffId,
      result,
      ...(coupon ? { couponTitle: coupon.title, merchantName: counter.merchant.name } : {}),
      ...(coupon?.usedAt
        ? {
            usedAt: coupon.usedAt.toISOString(),
            usedStore: coupon.usedStoreId
              ? { id: coupon.usedStoreId, name: coupon.usedStoreName ?? '' }
              : null,
          }
        : {}),
    };
    throw new BenefitsError(REFUSAL_CODES[result], `Write-off refused: ${result}`, details);
  }

  private async okResponse(a: AttemptRow, mine: CounterMerchant[]): Promise<WriteOffResponse> {
    const names = await this.members.maskedNames(a.memberId ? [a.memberId] : []);
    const merchant = mine.find((m) => m.id === a.merchantId);
    return {
      writeOffId: a.id,
      result: 'ok',
      coupon: {
        id: a.couponId ?? '',
        title: a.title ?? '',
        valueLabel: valueLabelOf(a) ?? '',
        minSpendCents: a.minSpendCents ?? 0,
      },
      merchant: { id: a.merchantId ?? '', name: merchant?.name ?? '' },
      store: a.storeId ? { id: a.storeId, name: a.storeName ?? '' } : null,
      memberName: (a.memberId && names.get(a.memberId)) || '',
      usedAt: (a.usedAt ?? a.createdAt).toISOString(),
    };
  }
}

/** Why the guarded write-off did not take: in the order a counter should hear it. */
function refusalOf(c: CouponState): Refusal | null {
  if (c.status === 'void') return 'void';
  if (c.status === 'used') return 'already_used';
  if (c.expired) return 'expired';
  if (c.notYetValid) return 'not_yet_valid';
  return null;
}

function valueLabelOf(a: AttemptRow): string | null {
  return a.kind
    ? couponValueLabel({
        kind: a.kind,
        amountOffCents: a.amountOffCents,
        discountPercent: a.discountPercent,
        itemName: a.itemName,
        minSpendCents: a.minSpendCents ?? 0,
      })
    : null;
}

function toRecord(
  a: AttemptRow,
  names: Map<string, string>,
  userNames: Map<string, string>,
): WriteOffRecordResponse {
  return {
    id: a.id,
    result: a.result,
    couponId: a.couponId,
    couponTitle: a.title,
    valueLabel: valueLabelOf(a),
    memberName: a.memberId ? (names.get(a.memberId) ?? null) : null,
    store: a.storeId ? { id: a.storeId, name: a.storeName ?? '' } : null,
    byUser: a.byUserId ? (userNames.get(a.byUserId) ?? null) : null,
    at: a.createdAt.toISOString(),
  };
}
