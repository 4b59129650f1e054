import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GrabResult } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { sqlRow, sqlRows } from '../../../platform/database/sql';
import { subtreeOf } from '../../../platform/scope/org-scope';

export interface BaselineAnswer {
  result: GrabResult;
  couponId: string | null;
  /** The drop's template, when granted: its stock moves in the same transaction (CouponTemplatesRepository). */
  templateId?: string;
}

interface LockedDrop {
  stock: number;
  granted: number;
  per_member_limit: number;
  template_id: string;
  open: boolean;
  started: boolean;
  member_id: string | null;
}

/**
 * The benchmark's baseline (bench/flash-sale.mjs, FLASH_BENCH_BASELINE only): the same grab done the plain
 * PostgreSQL way, in one transaction — lock the drop's row (`SELECT … FOR UPDATE`), check the window, the
 * audience, the member's limit and the stock, insert the coupon and count it (on the drop here, and on the
 * template through its repository, as persisted grants are), commit. Every grab of one drop waits for that one
 * row lock. `precheck` first looks at the stock without the lock, so grabs of a sold-out drop skip the queue for
 * it (what anyone would add next).
 */
@Injectable()
export class FlashBaselineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The precheck: an unlocked look at the stock. */
  async soldOut(dropId: string): Promise<boolean> {
    const pre = await sqlRow<{ sold_out: boolean }>(
      this.db,
      `SELECT granted >= stock AS sold_out FROM flash_drops WHERE id = $1`,
      [dropId],
    );
    return pre?.sold_out ?? false;
  }

  /** The grab under the drop's row lock, in the caller's transaction. */
  async lockedGrab(m: EntityManager, userId: string, dropId: string): Promise<BaselineAnswer> {
    const drop = await sqlRow<LockedDrop>(
      m,
      `SELECT d.stock, d.granted, d.per_member_limit, d.template_id,
              d.status = 'scheduled' AND d.ends_at > now() AS open, d.starts_at <= now() AS started,
              (SELECT mb.id FROM member_directory mb JOIN orgs mo ON mo.id = mb.org_id
                WHERE mb.user_id = $2 AND mb.status = 'active' AND ${subtreeOf('mo.path', 'o.path')}
                  AND (cardinality(d.occupations) = 0 OR mb.occupation = ANY(d.occupations))
                  AND (NOT d.verified_only OR mb.verification = 'verified')) AS member_id
         FROM flash_drops d JOIN orgs o ON o.id = d.org_id
        WHERE d.id = $1
          FOR UPDATE OF d`,
      [dropId, userId],
    );
    if (!drop || !drop.started) return { result: 'not_started', couponId: null };
    if (!drop.open) return { result: 'ended', couponId: null };
    if (!drop.member_id) return { result: 'not_eligible', couponId: null };
    const [{ n }] = await sqlRows<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM coupons WHERE drop_id = $1 AND member_id = $2`,
      [dropId, drop.member_id],
    );
    if (n >= drop.per_member_limit) return { result: 'limit_reached', couponId: null };
    if (drop.granted >= drop.stock) return { result: 'sold_out', couponId: null };
    const couponId = randomUUID();
    await sqlRows(
      m,
      `INSERT INTO coupons (id, template_id, merchant_id, member_id, user_id, source, drop_id, seq, slot, valid_from,
                            valid_to)
       SELECT $1, t.id, t.merchant_id, $2, $3, 'flash', $4, $5, $6, t.valid_from, t.valid_to
         FROM coupon_templates t WHERE t.id = $7`,
      [couponId, drop.member_id, userId, dropId, n + 1, drop.granted + 1, drop.template_id],
    );
    await sqlRows(m, `UPDATE flash_drops SET granted = granted + 1 WHERE id = $1`, [dropId]);
    return { result: 'granted', couponId, templateId: drop.template_id };
  }
}
