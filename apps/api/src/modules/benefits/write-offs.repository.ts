import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CouponKind, WriteOffResult } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { TODAY_SQL, TODAY_START_SQL } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';

export interface NewAttempt {
  couponId: string | null;
  merchantId: string;
  storeId: string | null;
  userId: string;
  result: WriteOffResult;
  requestId: string | null;
}

/** Why a guarded write-off changed nothing, as the database sees the coupon now. */
export interface CouponState {
  status: 'active' | 'used' | 'void';
  merchantId: string;
  title: string;
  notYetValid: boolean;
  expired: boolean;
  usedAt: Date | null;
  /** The store it was written off at, if the counter named one. */
  usedStoreId: string | null;
  usedStoreName: string | null;
}

export interface AttemptRow {
  id: string;
  result: WriteOffResult;
  couponId: string | null;
  memberId: string | null;
  title: string | null;
  kind: CouponKind | null;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number | null;
  merchantId: string | null;
  storeId: string | null;
  storeName: string | null;
  /** The counter account that tried; its name is identity's (UsersService.displayNames). */
  byUserId: string | null;
  usedAt: Date | null;
  createdAt: Date;
}

const ATTEMPT_COLUMNS = `w.id, w.result, c.id AS "couponId", c.member_id AS "memberId", t.title, t.kind,
  t.amount_off_cents AS "amountOffCents", t.discount_percent AS "discountPercent", t.item_name AS "itemName",
  t.min_spend_cents AS "minSpendCents", w.merchant_id AS "merchantId", w.store_id AS "storeId",
  st.name AS "storeName", w.user_id AS "byUserId", c.used_at AS "usedAt", w.created_at AS "createdAt"`;

/** A coupon shows in an attempt only at its own merchant's counter: another merchant learns nothing of it. */
const ATTEMPT_FROM = `coupon_writeoffs w
  LEFT JOIN coupons c ON c.id = w.coupon_id AND c.merchant_id = w.merchant_id
  LEFT JOIN coupon_templates t ON t.id = c.template_id
  LEFT JOIN merchant_stores st ON st.id = w.store_id`;

/** Coupon write-offs at the counter: the guarded use of a coupon and the record of every attempt. */
@Injectable()
export class WriteOffsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Uses the coupon if, at this instant, it is active, inside its validity and the merchant's: one guarded
   * statement, so two counters scanning one coupon at once get exactly one row back between them.
   */
  async use(
    couponId: string,
    merchantId: string,
    userId: string,
    storeId: string | null,
    db: Db,
  ): Promise<Date | null> {
    const row = await sqlRow<{ used_at: Date }>(
      db,
      `UPDATE coupons SET status = 'used', used_at = now(), used_by = $3, used_store_id = $4
        WHERE id = $1 AND merchant_id = $2 AND status = 'active' AND valid_from <= now() AND valid_to > now()
        RETURNING used_at`,
      [couponId, merchantId, userId, storeId],
    );
    return row?.used_at ?? null;
  }

  async couponState(couponId: string): Promise<CouponState | null> {
    const row = await sqlRow<CouponState>(
      this.db,
      `SELECT c.status, c.merchant_id AS "merchantId", t.title, c.valid_from > now() AS "notYetValid",
              c.valid_to <= now() AS expired, c.used_at AS "usedAt", c.used_store_id::text AS "usedStoreId",
              st.name AS "usedStoreName"
         FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
         LEFT JOIN merchant_stores st ON st.id = c.used_store_id
        WHERE c.id = $1`,
      [couponId],
    );
    return row ?? null;
  }

  async insertAttempt(a: NewAttempt, db: Db = this.db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO coupon_writeoffs (coupon_id, merchant_id, store_id, user_id, result, request_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.couponId, a.merchantId, a.storeId, a.userId, a.result, a.requestId],
    );
    return id;
  }

  /** The successful write-off this counter account made under this idempotency key, if any. */
  async findOkByRequest(userId: string, requestId: string): Promise<AttemptRow | null> {
    const row = await sqlRow<AttemptRow>(
      this.db,
      `SELECT ${ATTEMPT_COLUMNS} FROM ${ATTEMPT_FROM}
        WHERE w.user_id = $1 AND w.request_id = $2 AND w.result = 'ok'`,
      [userId, requestId],
    );
    return row ?? null;
  }

  async findAttempt(id: string): Promise<AttemptRow | null> {
    const row = await sqlRow<AttemptRow>(
      this.db,
      `SELECT ${ATTEMPT_COLUMNS} FROM ${ATTEMPT_FROM} WHERE w.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Today's attempts at these merchants' counters (Asia/Shanghai), newest first. */
  async today(
    merchantIds: string[],
    limit: number,
  ): Promise<{ date: string; okCount: number; attempts: number; items: AttemptRow[] }> {
    const [totals] = await sqlRows<{ date: string; ok: number; attempts: number }>(
      this.db,
      `SELECT to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS date,
              count(*) FILTER (WHERE result = 'ok')::int AS ok, count(*)::int AS attempts
         FROM coupon_writeoffs WHERE merchant_id = ANY($1::bigint[]) AND created_at >= ${TODAY_START_SQL}`,
      [merchantIds],
    );
    const items = await sqlRows<AttemptRow>(
      this.db,
      `SELECT ${ATTEMPT_COLUMNS} FROM ${ATTEMPT_FROM}
        WHERE w.merchant_id = ANY($1::bigint[]) AND w.created_at >= ${TODAY_START_SQL}
        ORDER BY w.created_at DESC, w.id DESC LIMIT $2`,
      [merchantIds, limit],
    );
    return { date: totals.date, okCount: totals.ok, attempts: totals.attempts, items };
  }
}
