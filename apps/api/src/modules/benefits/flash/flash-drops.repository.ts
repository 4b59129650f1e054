import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CouponKind,
  FlashDropStatus,
  FlashReconciliation,
  Occupation,
  OrgType,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../../platform/database/sql';
import { ancestorOf, type OrgScope, subtreeOf } from '../../../platform/scope/org-scope';

export type StoredDropStatus = 'scheduled' | 'ended' | 'reconciled' | 'cancelled';

export interface DropTemplate {
  id: string;
  title: string;
  description: string;
  kind: CouponKind;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
  merchantId: string;
  merchantName: string;
  validFrom: Date;
  validTo: Date;
}

export interface DropRow {
  id: string;
  template: DropTemplate;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  title: string;
  stock: number;
  perMemberLimit: number;
  startsAt: Date;
  endsAt: Date;
  occupations: Occupation[];
  verifiedOnly: boolean;
  status: StoredDropStatus;
  version: number;
  preheatedAt: Date | null;
  audienceSize: number | null;
  granted: number;
  returned: number | null;
  reconciledAt: Date | null;
  reconciliation: FlashReconciliation | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A drop as a member's list shows it, with the member's persisted coupons of it. */
export interface MemberDropRow extends DropRow {
  myCouponIds: string[];
}

/** What create and edit write. */
export interface DropFields {
  orgId: string;
  title: string;
  stock: number;
  perMemberLimit: number;
  startsAt: Date;
  endsAt: Date;
  occupations: Occupation[];
  verifiedOnly: boolean;
}

export interface TemplateForDrop {
  id: string;
  orgPath: string;
  status: 'active' | 'paused' | 'ended';
  validTo: Date;
}

/** One grant as the grab script logged it. */
export interface Grant {
  couponId: string;
  userId: string;
  seq: number;
  slot: number;
  grantedAtMs: number;
}

/** A coupon of a drop, as the reconciliation compares it. */
export interface DropCoupon {
  id: string;
  userId: string | null;
  memberId: string;
  seq: number;
  slot: number;
}

interface Row {
  id: string;
  template_id: string;
  t_title: string;
  t_description: string;
  t_kind: CouponKind;
  t_amount_off_cents: number | null;
  t_discount_percent: number | null;
  t_item_name: string | null;
  t_min_spend_cents: number;
  t_valid_from: Date;
  t_valid_to: Date;
  merchant_id: string;
  merchant_name: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  title: string;
  stock: number;
  per_member_limit: number;
  starts_at: Date;
  ends_at: Date;
  occupations: Occupation[];
  verified_only: boolean;
  status: StoredDropStatus;
  version: number;
  preheated_at: Date | null;
  audience_size: number | null;
  granted: number;
  returned: number | null;
  reconciled_at: Date | null;
  reconciliation: FlashReconciliation | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `d.id, d.template_id, t.title AS t_title, t.description AS t_description, t.kind AS t_kind,
  t.amount_off_cents AS t_amount_off_cents, t.discount_percent AS t_discount_percent, t.item_name AS t_item_name,
  t.min_spend_cents AS t_min_spend_cents, t.valid_from AS t_valid_from, t.valid_to AS t_valid_to,
  mc.id AS merchant_id, mc.name AS merchant_name,
  d.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code, o.path::text AS org_path,
  d.title, d.stock, d.per_member_limit, d.starts_at, d.ends_at, d.occupations, d.verified_only, d.status, d.version,
  d.preheated_at, d.audience_size, d.granted, d.returned, d.reconciled_at, d.reconciliation, d.created_at,
  d.updated_at`;

const FROM = `flash_drops d
  JOIN coupon_templates t ON t.id = d.template_id
  JOIN merchants mc ON mc.id = t.merchant_id
  JOIN orgs o ON o.id = d.org_id`;

const toRow = (r: Row): DropRow => ({
  id: r.id,
  template: {
    id: r.template_id,
    title: r.t_title,
    description: r.t_description,
    kind: r.t_kind,
    amountOffCents: r.t_amount_off_cents,
    discountPercent: r.t_discount_percent,
    itemName: r.t_item_name,
    minSpendCents: r.t_min_spend_cents,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    validFrom: r.t_valid_from,
    validTo: r.t_valid_to,
  },
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  title: r.title,
  stock: r.stock,
  perMemberLimit: r.per_member_limit,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  occupations: r.occupations,
  verifiedOnly: r.verified_only,
  status: r.status,
  version: r.version,
  preheatedAt: r.preheated_at,
  audienceSize: r.audience_size,
  granted: r.granted,
  returned: r.returned,
  reconciledAt: r.reconciled_at,
  reconciliation: r.reconciliation,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The SQL condition of a computed status (sold out counts what PostgreSQL holds, a second behind Redis). */
const STATUS_SQL: Record<FlashDropStatus, string> = {
  upcoming: `d.status = 'scheduled' AND d.starts_at > now()`,
  live: `d.status = 'scheduled' AND d.starts_at <= now() AND d.ends_at > now() AND d.granted < d.stock`,
  sold_out: `d.status = 'scheduled' AND d.starts_at <= now() AND d.ends_at > now() AND d.granted >= d.stock`,
  ended: `d.status IN ('ended', 'reconciled') OR (d.status = 'scheduled' AND d.ends_at <= now())`,
  cancelled: `d.status = 'cancelled'`,
};

/** Flash drops, their audiences and the coupons they grant. Hand-written SQL; hot paths never come here. */
@Injectable()
export class FlashDropsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<DropRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1 ${lock ? 'FOR UPDATE OF d' : ''}`,
      [id],
    );
    return row ? toRow(row) : null;
  }

  async search(
    scope: OrgScope,
    filter: { orgPath?: string; status?: FlashDropStatus; offset: number; limit: number },
  ): Promise<{ items: DropRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('o.path', params)];
    if (filter.orgPath) {
      params.push(filter.orgPath);
      where.push(subtreeOf('o.path', `$${params.length}::ltree`));
    }
    if (filter.status) where.push(`(${STATUS_SQL[filter.status]})`);
    const conditions = where.join(' AND ');
    params.push(filter.limit, filter.offset);
    const rows = await sqlRows<Row & { total: string }>(
      this.db,
      `SELECT ${COLUMNS}, (SELECT count(*) FROM flash_drops d JOIN orgs o ON o.id = d.org_id WHERE ${conditions}) AS total
         FROM ${FROM}
        WHERE ${conditions}
        ORDER BY d.starts_at DESC, d.id DESC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    if (rows.length === 0 && filter.offset > 0) {
      const [{ n }] = await sqlRows<{ n: string }>(
        this.db,
        `SELECT count(*) AS n FROM flash_drops d JOIN orgs o ON o.id = d.org_id WHERE ${conditions}`,
        params.slice(0, -2),
      );
      return { items: [], total: Number(n) };
    }
    return { items: rows.map(toRow), total: rows.length ? Number(rows[0].total) : 0 };
  }

  /**
   * Drops a member may see: those of their org or an ancestor (the drop's subtree holds the member), not
   * cancelled, still open or ended within the last day (the member may still look for the coupon they got);
   * open ones first.
   */
  async forMember(memberOrgPath: string, memberId: string): Promise<MemberDropRow[]> {
    const rows = await sqlRows<Row & { my_coupon_ids: string[] }>(
      this.db,
      `SELECT ${COLUMNS},
              COALESCE((SELECT array_agg(c.id::text ORDER BY c.claimed_at, c.id) FROM coupons c
                         WHERE c.drop_id = d.id AND c.member_id = $2), '{}') AS my_coupon_ids
         FROM ${FROM}
        WHERE ${ancestorOf('o.path', '$1::ltree')}
          AND d.status <> 'cancelled'
          AND d.ends_at > now() - interval '1 day'
        ORDER BY (d.ends_at <= now()), d.starts_at, d.id
        LIMIT 50`,
      [memberOrgPath, memberId],
    );
    return rows.map((r) => ({ ...toRow(r), myCouponIds: r.my_coupon_ids }));
  }

  /** System use (seed): a template of the org by title. */
  async templateIdByTitle(orgId: string, title: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM coupon_templates WHERE org_id = $1 AND title = $2 ORDER BY id LIMIT 1`,
      [orgId, title],
    );
    return row?.id ?? null;
  }

  /** System use (seed): a drop of the org by title that has not ended yet. */
  async openIdByTitle(orgId: string, title: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM flash_drops WHERE org_id = $1 AND title = $2 AND status = 'scheduled' AND ends_at > now()
        ORDER BY id LIMIT 1`,
      [orgId, title],
    );
    return row?.id ?? null;
  }

  async templateForDrop(templateId: string, db: Db = this.db): Promise<TemplateForDrop | null> {
    const row = await sqlRow<{
      id: string;
      org_path: string;
      status: TemplateForDrop['status'];
      valid_to: Date;
    }>(
      db,
      `SELECT t.id, o.path::text AS org_path, t.status, t.valid_to
         FROM coupon_templates t JOIN orgs o ON o.id = t.org_id
        WHERE t.id = $1`,
      [templateId],
    );
    return row ? { id: row.id, orgPath: row.org_path, status: row.status, validTo: row.valid_to } : null;
  }

  async insert(
    templateId: string,
    f: DropFields,
    createdBy: string | null,
    m: EntityManager,
  ): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      m,
      `INSERT INTO flash_drops (template_id, org_id, title, stock, per_member_limit, starts_at, ends_at, occupations,
                                verified_only, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10)
       RETURNING id`,
      [
        templateId,
        f.orgId,
        f.title,
        f.stock,
        f.perMemberLimit,
        f.startsAt,
        f.endsAt,
        f.occupations,
        f.verifiedOnly,
        createdBy,
      ],
    );
    return id;
  }

  /** Writes an edit and bumps the version (jobs of the older version then do nothing). Returns the version. */
  async update(id: string, f: DropFields, m: EntityManager): Promise<number> {
    const [{ version }] = await sqlRows<{ version: number }>(
      m,
      `UPDATE flash_drops
          SET org_id = $2, title = $3, stock = $4, per_member_limit = $5, starts_at = $6, ends_at = $7,
              occupations = $8::text[], verified_only = $9, version = version + 1, preheated_at = NULL,
              audience_size = NULL, updated_at = now()
        WHERE id = $1
        RETURNING version`,
      [id, f.orgId, f.title, f.stock, f.perMemberLimit, f.startsAt, f.endsAt, f.occupations, f.verifiedOnly],
    );
    return version;
  }

  async cancel(id: string, m: EntityManager): Promise<void> {
    await sqlRows(
      m,
      `UPDATE flash_drops SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Records a pre-heat of `version` (a newer edit's pre-heat records its own). */
  async markPreheated(id: string, version: number, audienceSize: number): Promise<void> {
    await sqlRows(
      this.db,
      `UPDATE flash_drops SET preheated_at = now(), audience_size = $3, updated_at = now()
        WHERE id = $1 AND version = $2 AND status = 'scheduled'`,
      [id, version, audienceSize],
    );
  }

  /**
   * One batch of the audience: user ids of active members of the drop's subtree matching its occupations and
   * verification rule, after member id `after` (keyset, so each batch is an index range). Read from
   * membership's `member_directory` view, its published contract for audiences.
   */
  async audienceBatch(
    drop: Pick<DropRow, 'orgPath' | 'occupations' | 'verifiedOnly'>,
    after: string,
    limit: number,
  ): Promise<{ lastId: string; userIds: string[] } | null> {
    const rows = await sqlRows<{ id: string; user_id: string }>(
      this.db,
      `SELECT m.id, m.user_id
         FROM member_directory m JOIN orgs o ON o.id = m.org_id
        WHERE ${subtreeOf('o.path', '$1::ltree')}
          AND m.id > $2
          AND m.status = 'active'
          AND m.user_id IS NOT NULL
          AND (cardinality($3::text[]) = 0 OR m.occupation = ANY($3::text[]))
          AND (NOT $4 OR m.verification = 'verified')
        ORDER BY m.id
        LIMIT $5`,
      [drop.orgPath, after, drop.occupations, drop.verifiedOnly, limit],
    );
    if (rows.length === 0) return null;
    return { lastId: rows[rows.length - 1].id, userIds: rows.map((r) => r.user_id) };
  }

  /** Coupons per user and the highest slot of a drop, to restore Redis' counters from PostgreSQL. */
  async grantCounts(
    dropId: string,
  ): Promise<{ maxSlot: number; users: { userId: string; count: number }[] }> {
    const rows = await sqlRows<{ user_id: string | null; n: number; max_slot: number }>(
      this.db,
      `SELECT user_id, count(*)::int AS n, max(slot) AS max_slot FROM coupons WHERE drop_id = $1 GROUP BY user_id`,
      [dropId],
    );
    return {
      maxSlot: rows.reduce((max, r) => Math.max(max, r.max_slot), 0),
      users: rows.filter((r) => r.user_id !== null).map((r) => ({ userId: r.user_id as string, count: r.n })),
    };
  }

  /** Locks the drop's row: persist runs of one drop take turns. */
  async lockForPersist(
    dropId: string,
    m: EntityManager,
  ): Promise<{ templateId: string; status: StoredDropStatus } | null> {
    const row = await sqlRow<{ template_id: string; status: StoredDropStatus }>(
      m,
      `SELECT template_id, status FROM flash_drops WHERE id = $1 FOR UPDATE`,
      [dropId],
    );
    return row ? { templateId: row.template_id, status: row.status } : null;
  }

  /**
   * Writes grants as coupons in one statement: joined to members by user id, validity from the template, and
   * refused (DO NOTHING) by the unique indexes when a slot or a member's n-th coupon of the drop is taken or
   * out of range — so nothing Redis says can put more coupons than the stock, or more per member than the
   * limit, into PostgreSQL. Then counts what was written on the drop. Returns the ids written; the caller moves
   * as many from the template's reserved to issued in the same transaction (CouponTemplatesRepository).
   */
  async insertGrants(dropId: string, grants: Grant[], m: EntityManager): Promise<string[]> {
    if (grants.length === 0) return [];
    const rows = await sqlRows<{ id: string }>(
      m,
      `INSERT INTO coupons (id, template_id, merchant_id, member_id, user_id, source, drop_id, seq, slot, status,
                            valid_from, valid_to, claimed_at)
       SELECT g.id, t.id, t.merchant_id, mb.id, mb.user_id, 'flash', d.id, g.seq, g.slot, 'active', t.valid_from,
              CASE WHEN t.valid_days_after_claim IS NULL THEN t.valid_to
                   ELSE LEAST(t.valid_to, GREATEST(t.valid_from, to_timestamp(g.at / 1000.0))
                                            + make_interval(days => t.valid_days_after_claim)) END,
              to_timestamp(g.at / 1000.0)
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::bigint[]) AS g (id, user_id, seq, slot, at)
         JOIN flash_drops d ON d.id = $1
         JOIN coupon_templates t ON t.id = d.template_id
         JOIN member_directory mb ON mb.user_id = g.user_id
        WHERE g.slot BETWEEN 1 AND d.stock AND g.seq BETWEEN 1 AND d.per_member_limit
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        dropId,
        grants.map((g) => g.couponId),
        grants.map((g) => g.userId),
        grants.map((g) => g.seq),
        grants.map((g) => g.slot),
        grants.map((g) => g.grantedAtMs),
      ],
    );
    if (rows.length > 0) {
      await sqlRows(m, `UPDATE flash_drops SET granted = granted + $2, updated_at = now() WHERE id = $1`, [
        dropId,
        rows.length,
      ]);
    }
    return rows.map((r) => r.id);
  }

  async couponsOfDrop(dropId: string, db: Db = this.db): Promise<DropCoupon[]> {
    const rows = await sqlRows<{
      id: string;
      user_id: string | null;
      member_id: string;
      seq: number;
      slot: number;
    }>(db, `SELECT id, user_id, member_id, seq, slot FROM coupons WHERE drop_id = $1`, [dropId]);
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      memberId: r.member_id,
      seq: r.seq,
      slot: r.slot,
    }));
  }

  /** Which of these users are members (a grant of a non-member cannot become a coupon). */
  async memberUserIds(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await sqlRows<{ user_id: string }>(
      this.db,
      `SELECT user_id FROM member_directory WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async markEnded(dropId: string): Promise<void> {
    await sqlRows(
      this.db,
      `UPDATE flash_drops SET status = 'ended', updated_at = now() WHERE id = $1 AND status = 'scheduled'`,
      [dropId],
    );
  }

  /**
   * Closes the books of a drop once: stores the report, with the drop's template so the caller gives the unsold
   * coupons back to it in the same transaction. Null when it was reconciled already (the job ran before).
   */
  async finishReconciliation(
    dropId: string,
    report: (granted: number, stock: number) => FlashReconciliation,
    m: EntityManager,
  ): Promise<{ templateId: string; report: FlashReconciliation } | null> {
    const drop = await sqlRow<{
      template_id: string;
      stock: number;
      granted: number;
      status: StoredDropStatus;
    }>(m, `SELECT template_id, stock, granted, status FROM flash_drops WHERE id = $1 FOR UPDATE`, [dropId]);
    if (!drop || drop.status === 'reconciled' || drop.status === 'cancelled') return null;
    const result = report(drop.granted, drop.stock);
    await sqlRows(
      m,
      `UPDATE flash_drops SET status = 'reconciled', returned = $2, reconciled_at = now(), reconciliation = $3,
              updated_at = now()
        WHERE id = $1`,
      [dropId, result.returned, JSON.stringify(result)],
    );
    return { templateId: drop.template_id, report: result };
  }

  /** Scheduled drops inside their pre-heat lead or running; and drops past their end not reconciled yet. */
  async dueForSweep(leadSeconds: number): Promise<{
    open: { id: string; version: number }[];
    over: { id: string }[];
  }> {
    const rows = await sqlRows<{ id: string; version: number; over: boolean }>(
      this.db,
      `SELECT id, version, ends_at <= now() AS over
         FROM flash_drops
        WHERE (status = 'scheduled' AND starts_at <= now() + make_interval(secs => $1))
           OR status = 'ended'`,
      [leadSeconds],
    );
    return {
      open: rows.filter((r) => !r.over).map((r) => ({ id: r.id, version: r.version })),
      over: rows.filter((r) => r.over).map((r) => ({ id: r.id })),
    };
  }
}
