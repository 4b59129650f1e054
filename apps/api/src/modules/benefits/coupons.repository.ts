import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CouponKind, CouponSource, CouponStatus, MyCouponsQuery } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';

/** A coupon with what the member and the counter read of it; `status` is computed (active past validTo: expired). */
export interface CouponRow {
  id: string;
  templateId: string;
  merchantId: string;
  merchantName: string;
  memberId: string;
  title: string;
  description: string;
  kind: CouponKind;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
  source: CouponSource;
  status: CouponStatus;
  validFrom: Date;
  validTo: Date;
  claimedAt: Date;
  usedAt: Date | null;
  usedStoreId: string | null;
  usedStoreName: string | null;
}

export interface MemberCouponCounts {
  active: number;
  used: number;
  expired: number;
}

interface Row {
  id: string;
  template_id: string;
  merchant_id: string;
  merchant_name: string;
  member_id: string;
  title: string;
  description: string;
  kind: CouponKind;
  amount_off_cents: number | null;
  discount_percent: number | null;
  item_name: string | null;
  min_spend_cents: number;
  source: CouponSource;
  status: CouponStatus;
  valid_from: Date;
  valid_to: Date;
  claimed_at: Date;
  used_at: Date | null;
  used_store_id: string | null;
  used_store_name: string | null;
}

const COLUMNS = `c.id, c.template_id, c.merchant_id, mc.name AS merchant_name, c.member_id, t.title, t.description,
  t.kind, t.amount_off_cents, t.discount_percent, t.item_name, t.min_spend_cents, c.source,
  CASE WHEN c.status = 'active' AND c.valid_to <= now() THEN 'expired' ELSE c.status END AS status,
  c.valid_from, c.valid_to, c.claimed_at, c.used_at, c.used_store_id, st.name AS used_store_name`;

const FROM = `coupons c
  JOIN coupon_templates t ON t.id = c.template_id
  JOIN merchants mc ON mc.id = c.merchant_id
  LEFT JOIN merchant_stores st ON st.id = c.used_store_id`;

/** The member's tabs: usable (now or later), used, and lapsed (expired or void). */
const STATUS_FILTER: Readonly<Record<NonNullable<MyCouponsQuery['status']>, string>> = {
  active: `c.status = 'active' AND c.valid_to > now()`,
  used: `c.status = 'used'`,
  expired: `((c.status = 'active' AND c.valid_to <= now()) OR c.status = 'void')`,
};

const toRow = (r: Row): CouponRow => ({
  id: r.id,
  templateId: r.template_id,
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  memberId: r.member_id,
  title: r.title,
  description: r.description,
  kind: r.kind,
  amountOffCents: r.amount_off_cents,
  discountPercent: r.discount_percent,
  itemName: r.item_name,
  minSpendCents: r.min_spend_cents,
  source: r.source,
  status: r.status,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  claimedAt: r.claimed_at,
  usedAt: r.used_at,
  usedStoreId: r.used_store_id,
  usedStoreName: r.used_store_name,
});

/** Members' coupons of every source (claims, flash drops, campaigns) and the claim's writes. */
@Injectable()
export class CouponsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findById(id: string, db: Db = this.db): Promise<CouponRow | null> {
    const row = await sqlRow<Row>(db, `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1`, [id]);
    return row ? toRow(row) : null;
  }

  /** The member's coupons, newest claim first (coupons_member_idx). */
  async listForMember(
    memberId: string,
    status: MyCouponsQuery['status'],
    offset: number,
    limit: number,
  ): Promise<{ items: CouponRow[]; total: number; counts: MemberCouponCounts }> {
    const where = `c.member_id = $1${status ? ` AND ${STATUS_FILTER[status]}` : ''}`;
    const [counts] = await sqlRows<MemberCouponCounts & { total: number }>(
      this.db,
      `SELECT count(*) FILTER (WHERE ${STATUS_FILTER.active})::int AS active,
              count(*) FILTER (WHERE ${STATUS_FILTER.used})::int AS used,
              count(*) FILTER (WHERE ${STATUS_FILTER.expired})::int AS expired,
              count(*) FILTER (WHERE ${status ? STATUS_FILTER[status] : 'true'})::int AS total
         FROM coupons c WHERE c.member_id = $1`,
      [memberId],
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
        ORDER BY c.claimed_at DESC, c.id DESC LIMIT $2 OFFSET $3`,
      [memberId, limit, offset],
    );
    const { total, ...perTab } = counts;
    return { items: rows.map(toRow), total, counts: perTab };
  }

  /** The coupon a claim with this idempotency key made, if any. */
  async findClaimByRequest(memberId: string, requestId: string, db: Db = this.db): Promise<CouponRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.member_id = $1 AND c.request_id = $2`,
      [memberId, requestId],
    );
    return row ? toRow(row) : null;
  }

  /** How many claimed coupons of the template the member holds, and the highest seq among them. */
  async claimsOf(templateId: string, memberId: string, db: Db): Promise<{ n: number; last: number }> {
    const [row] = await sqlRows<{ n: number; last: number }>(
      db,
      `SELECT count(*)::int AS n, COALESCE(max(seq), 0)::int AS last
         FROM coupons WHERE template_id = $1 AND member_id = $2 AND source = 'claim'`,
      [templateId, memberId],
    );
    return row;
  }

  /**
   * Inserts the member's `seq`-th claimed coupon of the template, valid from the claim to the template's end
   * (cut short by `valid_days_after_claim`). Null when the seq or the request id is taken (a concurrent claim of the same
   * member: coupons_claim_member_uq / coupons_request_uq) or the seq is beyond the template's limit now.
   */
  async insertClaim(
    c: {
      id: string;
      templateId: string;
      memberId: string;
      userId: string;
      seq: number;
      requestId: string | null;
    },
    db: Db,
  ): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      db,
      `INSERT INTO coupons (id, template_id, merchant_id, member_id, user_id, source, seq, valid_from, valid_to,
                            request_id)
       SELECT $1::uuid, t.id, t.merchant_id, $3::bigint, $4::uuid, 'claim', $5::smallint,
              GREATEST(t.valid_from, now()),
              CASE WHEN t.valid_days_after_claim IS NULL THEN t.valid_to
                   ELSE LEAST(t.valid_to, now() + make_interval(days => t.valid_days_after_claim)) END,
              $6::uuid
         FROM coupon_templates t
        WHERE t.id = $2 AND $5::int <= t.per_member_limit
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [c.id, c.templateId, c.memberId, c.userId, c.seq, c.requestId],
    );
    return row?.id ?? null;
  }
}
