import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CouponKind,
  CouponTemplateStatus,
  MerchantStatus,
  Occupation,
  OrgType,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { ancestorOf, type OrgScope, subtreeOf } from '../../platform/scope/org-scope';

/** What a template is worth; fixed once created, since issued coupons carry it. */
export interface TemplateValue {
  kind: CouponKind;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
}

/** What an edit may change. */
export interface TemplateTerms {
  title: string;
  description: string;
  validFrom: Date;
  validTo: Date;
  validDaysAfterClaim: number | null;
  perMemberLimit: number;
  totalStock: number;
  occupations: Occupation[];
  verifiedOnly: boolean;
  claimable: boolean;
  status: CouponTemplateStatus;
}

export interface NewTemplate extends TemplateValue, TemplateTerms {
  merchantId: string;
  orgId: string;
}

export interface TemplateRow extends NewTemplate {
  id: string;
  merchantName: string;
  merchantStatus: MerchantStatus;
  merchantOrgPath: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  issued: number;
  reserved: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A template offered to one member, with how many of it they hold. */
export interface ClaimableRow extends TemplateRow {
  claimed: number;
}

/** The member facts an audience is matched against. */
export interface AudienceMember {
  id: string;
  orgPath: string;
  occupation: Occupation;
  verified: boolean;
}

interface Row {
  id: string;
  merchant_id: string;
  merchant_name: string;
  merchant_status: MerchantStatus;
  merchant_org_path: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  title: string;
  description: string;
  kind: CouponKind;
  amount_off_cents: number | null;
  discount_percent: number | null;
  item_name: string | null;
  min_spend_cents: number;
  valid_from: Date;
  valid_to: Date;
  valid_days_after_claim: number | null;
  per_member_limit: number;
  total_stock: number;
  issued: number;
  reserved: number;
  occupations: Occupation[];
  verified_only: boolean;
  claimable: boolean;
  status: CouponTemplateStatus;
  created_at: Date;
  updated_at: Date;
  claimed?: number;
}

const COLUMNS = `t.id, t.merchant_id, mc.name AS merchant_name, mc.status AS merchant_status,
  mo.path::text AS merchant_org_path, t.org_id, o.name AS org_name, o.type AS org_type,
  o.area_code AS org_area_code, o.path::text AS org_path, t.title, t.description, t.kind, t.amount_off_cents,
  t.discount_percent, t.item_name, t.min_spend_cents, t.valid_from, t.valid_to, t.valid_days_after_claim,
  t.per_member_limit, t.total_stock, t.issued, t.reserved, t.occupations, t.verified_only, t.claimable, t.status,
  t.created_at, t.updated_at`;

const FROM = `coupon_templates t
  JOIN orgs o ON o.id = t.org_id
  JOIN merchants mc ON mc.id = t.merchant_id
  JOIN orgs mo ON mo.id = mc.org_id`;

const toRow = (r: Row): TemplateRow => ({
  id: r.id,
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  merchantStatus: r.merchant_status,
  merchantOrgPath: r.merchant_org_path,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  title: r.title,
  description: r.description,
  kind: r.kind,
  amountOffCents: r.amount_off_cents,
  discountPercent: r.discount_percent,
  itemName: r.item_name,
  minSpendCents: r.min_spend_cents,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  validDaysAfterClaim: r.valid_days_after_claim,
  perMemberLimit: r.per_member_limit,
  totalStock: r.total_stock,
  issued: r.issued,
  reserved: r.reserved,
  occupations: r.occupations,
  verifiedOnly: r.verified_only,
  claimable: r.claimable,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const termParams = (t: TemplateTerms): unknown[] => [
  t.title,
  t.description,
  t.validFrom,
  t.validTo,
  t.validDaysAfterClaim,
  t.perMemberLimit,
  t.totalStock,
  t.occupations,
  t.verifiedOnly,
  t.claimable,
  t.status,
];

/** Coupon templates: what a merchant offers, to whom, how many and when. */
@Injectable()
export class CouponTemplatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(t: NewTemplate, createdBy: string | null, db: Db = this.db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO coupon_templates (title, description, valid_from, valid_to, valid_days_after_claim,
                                     per_member_limit, total_stock, occupations, verified_only, claimable, status,
                                     merchant_id, org_id, kind, amount_off_cents, discount_percent, item_name,
                                     min_spend_cents, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       RETURNING id`,
      [
        ...termParams(t),
        t.merchantId,
        t.orgId,
        t.kind,
        t.amountOffCents,
        t.discountPercent,
        t.itemName,
        t.minSpendCents,
        createdBy,
      ],
    );
    return id;
  }

  /** Rewrites the terms; false when the new stock is below what is issued and reserved (nothing changes). */
  async updateTerms(id: string, t: TemplateTerms, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE coupon_templates
          SET title = $2, description = $3, valid_from = $4, valid_to = $5, valid_days_after_claim = $6,
              per_member_limit = $7, total_stock = $8, occupations = $9::text[], verified_only = $10,
              claimable = $11, status = $12, updated_at = now()
        WHERE id = $1 AND issued + reserved <= $8
        RETURNING id`,
      [id, ...termParams(t)],
    );
    return rows.length > 0;
  }

  // ---- Stock: the one writer of `issued` and `reserved` ------------------------------------------------------
  // Invariant: issued + reserved <= total_stock (the CHECK backs it). Every change of a template's stock is one
  // of the statements below, each a single guarded UPDATE run in the caller's transaction (`m`) — never a read
  // followed by a write — so concurrent claims, drops and edits cannot oversell. Nothing else writes these
  // columns (coupon-stock-writer.spec.ts fails if anything does).

  /**
   * Takes one unit for a claim, if any is left and the template is still open for claims. Called last in the
   * claim's transaction, so the template's row lock (which serialises claims of one template) is held briefly.
   */
  async takeForClaim(templateId: string, m: EntityManager): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE coupon_templates SET issued = issued + 1
        WHERE id = $1 AND issued + reserved < total_stock
          AND status = 'active' AND claimable AND valid_from <= now() AND valid_to > now()
        RETURNING id`,
      [templateId],
    );
    return rows.length > 0;
  }

  /**
   * Sets `delta` coupons of an active template aside for a flash drop (negative: gives them back — a smaller or
   * cancelled drop, or what a drop did not sell at its end). False when the template has not that many left.
   */
  async reserve(templateId: string, delta: number, m: EntityManager): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      m,
      `UPDATE coupon_templates SET reserved = reserved + $2, updated_at = now()
        WHERE id = $1 AND ($2 <= 0 OR (status = 'active' AND issued + reserved + $2 <= total_stock))
        RETURNING id`,
      [templateId, delta],
    );
    return rows.length === 1;
  }

  /** Moves `n` reserved coupons to issued: a flash drop's grants written as coupons (the sum stays the same). */
  async issueReserved(templateId: string, n: number, m: EntityManager): Promise<void> {
    await sqlRows(
      m,
      `UPDATE coupon_templates SET issued = issued + $2, reserved = reserved - $2, updated_at = now()
        WHERE id = $1`,
      [templateId, n],
    );
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<TemplateRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [id],
    );
    return row ? toRow(row) : null;
  }

  /** Templates whose org lies in the scope (and under `orgPath`), newest first. */
  async list(
    scope: OrgScope,
    filter: { orgPath?: string; merchantId?: string; status?: CouponTemplateStatus },
    offset: number,
    limit: number,
  ): Promise<{ items: TemplateRow[]; total: number }> {
    const params: unknown[] = [];
    let where = scope.sqlWhere('o.path', params);
    if (filter.orgPath) {
      params.push(filter.orgPath);
      where += ` AND ${subtreeOf('o.path', `$${params.length}::ltree`)}`;
    }
    if (filter.merchantId) {
      params.push(filter.merchantId);
      where += ` AND t.merchant_id = $${params.length}`;
    }
    if (filter.status) {
      params.push(filter.status);
      where += ` AND t.status = $${params.length}`;
    }
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
        ORDER BY t.created_at DESC, t.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total };
  }

  /**
   * The claimable templates whose audience holds this member, in their claim window now: owned by an org on
   * the member's path to the root (a handful, found through the ltree index), occupation and verification
   * matching. Each with how many of it the member holds already.
   */
  async claimableFor(member: AudienceMember, limit: number): Promise<ClaimableRow[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS},
              (SELECT count(*)::int FROM coupons c
                WHERE c.template_id = t.id AND c.member_id = $1 AND c.source = 'claim') AS claimed
         FROM ${FROM}
        WHERE t.org_id IN (SELECT a.id FROM orgs a WHERE ${ancestorOf('a.path', '$2::ltree')})
          AND t.status = 'active' AND t.claimable AND mc.status = 'active'
          AND t.valid_from <= now() AND t.valid_to > now()
          AND (cardinality(t.occupations) = 0 OR $3 = ANY(t.occupations))
          AND (NOT t.verified_only OR $4)
        ORDER BY t.valid_to, t.id
        LIMIT $5`,
      [member.id, member.orgPath, member.occupation, member.verified, limit],
    );
    return rows.map((r) => ({ ...toRow(r), claimed: r.claimed ?? 0 }));
  }

  /** Seed use: the template of this merchant and org with this title, if any. */
  async findIdByTitle(merchantId: string, orgId: string, title: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM coupon_templates WHERE merchant_id = $1 AND org_id = $2 AND title = $3 ORDER BY id LIMIT 1`,
      [merchantId, orgId, title],
    );
    return row?.id ?? null;
  }
}
