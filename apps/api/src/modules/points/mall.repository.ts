import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MallItemStatus, MallOrderStatus, OrgRef } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';
import { pathIds } from './earn-math';

export interface MallItemFields {
  name: string;
  description: string;
  imageUrl: string | null;
  costPoints: number;
  perMemberLimit: number;
  pickup: string;
  status: MallItemStatus;
}

export interface MallItemRow extends MallItemFields {
  id: string;
  org: OrgRef;
  orgPath: string;
  stock: number;
  redeemedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberItemRow extends MallItemRow {
  myRedeemed: number;
}

export interface OrderRow {
  id: string;
  itemId: string;
  memberId: string;
  quantity: number;
  points: number;
  status: MallOrderStatus;
  pickupCode: string;
  requestId: string;
  entryId: string;
  item: { id: string; name: string; imageUrl: string | null; pickup: string; org: OrgRef };
  itemOrgPath: string;
  /** The user who handed it over; their name is identity's (UsersService.displayNames). */
  fulfilledById: string | null;
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}

export interface NewOrder {
  itemId: string;
  memberId: string;
  userId: string | null;
  quantity: number;
  points: number;
  pickupCode: string;
  requestId: string;
  entryId: string;
}

const ORG_JSON = `json_build_object('id', o.id::text, 'name', o.name, 'type', o.type, 'areaCode', o.area_code)`;

const ITEM_COLUMNS = `i.id::text AS id, ${ORG_JSON} AS org, o.path::text AS "orgPath", i.name, i.description,
  i.image_url AS "imageUrl", i.cost_points AS "costPoints", i.stock, i.per_member_limit AS "perMemberLimit",
  i.pickup, i.status, i.redeemed_count AS "redeemedCount", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

const ORDER_COLUMNS = `r.id::text AS id, r.item_id::text AS "itemId", r.member_id::text AS "memberId", r.quantity,
  r.points, r.status, r.pickup_code AS "pickupCode", r.request_id::text AS "requestId", r.entry_id::text AS "entryId",
  json_build_object('id', i.id::text, 'name', i.name, 'imageUrl', i.image_url, 'pickup', i.pickup,
                    'org', ${ORG_JSON}) AS item,
  o.path::text AS "itemOrgPath", r.fulfilled_by AS "fulfilledById",
  r.fulfilled_at AS "fulfilledAt", r.cancelled_at AS "cancelledAt", r.cancel_reason AS "cancelReason",
  r.created_at AS "createdAt"`;

/** Who ordered and who handed over are other areas' rows: the service asks membership and identity for them. */
const ORDER_FROM = `mall_orders r JOIN mall_items i ON i.id = r.item_id JOIN orgs o ON o.id = i.org_id`;

/** SQL of the points mall: items (stock only ever moves by guarded UPDATEs) and orders. */
@Injectable()
export class MallRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Null when the org has an item of that name already. */
  async insertItem(
    m: EntityManager,
    orgId: string,
    f: MallItemFields & { stock: number },
    userId: string | null,
  ): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      m,
      `INSERT INTO mall_items (org_id, name, description, image_url, cost_points, stock, per_member_limit, pickup,
                               status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (org_id, name) DO NOTHING
       RETURNING id::text AS id`,
      [
        orgId,
        f.name,
        f.description,
        f.imageUrl,
        f.costPoints,
        f.stock,
        f.perMemberLimit,
        f.pickup,
        f.status,
        userId,
      ],
    );
    return row?.id ?? null;
  }

  async findItem(id: string, db: Db = this.db, lock = false): Promise<MallItemRow | null> {
    const row = await sqlRow<MallItemRow>(
      db,
      `SELECT ${ITEM_COLUMNS} FROM mall_items i JOIN orgs o ON o.id = i.org_id WHERE i.id = $1${
        lock ? ' FOR UPDATE OF i' : ''
      }`,
      [id],
    );
    return row ?? null;
  }

  async findItemByName(orgId: string, name: string): Promise<MallItemRow | null> {
    const row = await sqlRow<MallItemRow>(
      this.db,
      `SELECT ${ITEM_COLUMNS} FROM mall_items i JOIN orgs o ON o.id = i.org_id WHERE i.org_id = $1 AND i.name = $2`,
      [orgId, name],
    );
    return row ?? null;
  }

  /** False when the new name is taken in the org. */
  async updateItem(m: EntityManager, id: string, f: MallItemFields): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE mall_items SET name = $2, description = $3, image_url = $4, cost_points = $5, per_member_limit = $6,
              pickup = $7, status = $8, updated_at = now()
        WHERE id = $1 AND NOT EXISTS (
          SELECT 1 FROM mall_items x WHERE x.org_id = mall_items.org_id AND x.name = $2 AND x.id <> $1)
        RETURNING id`,
      [id, f.name, f.description, f.imageUrl, f.costPoints, f.perMemberLimit, f.pickup, f.status],
    );
    return rows.length > 0;
  }

  /** Restock (+) or take off (−) units; false if that would take the stock below zero. */
  async changeStock(m: EntityManager, id: string, delta: number): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE mall_items SET stock = stock + $2, updated_at = now() WHERE id = $1 AND stock + $2 >= 0 RETURNING id`,
      [id, delta],
    );
    return rows.length > 0;
  }

  /** Takes `quantity` units of an active item if that many are left: the one place stock goes down. */
  async takeStock(m: EntityManager, id: string, quantity: number): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE mall_items SET stock = stock - $2, redeemed_count = redeemed_count + $2, updated_at = now()
        WHERE id = $1 AND status = 'active' AND stock >= $2 RETURNING id`,
      [id, quantity],
    );
    return rows.length > 0;
  }

  async returnStock(m: EntityManager, id: string, quantity: number): Promise<void> {
    await sqlRows(
      m,
      `UPDATE mall_items SET stock = stock + $2, redeemed_count = redeemed_count - $2, updated_at = now()
        WHERE id = $1 RETURNING id`,
      [id, quantity],
    );
  }

  async listScoped(
    scope: OrgScope,
    filter: { orgId?: string; status?: MallItemStatus; offset: number; limit: number },
  ): Promise<{ items: MallItemRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('o.path', params)];
    if (filter.orgId) {
      params.push(filter.orgId);
      where.push(subtreeOf('o.path', `(SELECT path FROM orgs WHERE id = $${params.length})`));
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`i.status = $${params.length}`);
    }
    const from = `mall_items i JOIN orgs o ON o.id = i.org_id WHERE ${where.join(' AND ')}`;
    const [count] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM ${from}`,
      params,
    );
    const items = await sqlRows<MallItemRow>(
      this.db,
      `SELECT ${ITEM_COLUMNS} FROM ${from} ORDER BY i.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { items, total: count.total };
  }

  /** Active items offered by the orgs on a member's path, with what the member holds of each. */
  async listForMember(
    memberId: string,
    orgPath: string,
    offset: number,
    limit: number,
  ): Promise<{ items: MemberItemRow[]; total: number }> {
    const from = `mall_items i JOIN orgs o ON o.id = i.org_id WHERE i.org_id = ANY($1::bigint[]) AND i.status = 'active'`;
    const [count] = await sqlRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM ${from}`, [
      pathIds(orgPath),
    ]);
    const items = await sqlRows<MemberItemRow>(
      this.db,
      `SELECT ${ITEM_COLUMNS},
              (SELECT COALESCE(sum(r.quantity), 0)::int FROM mall_orders r
                WHERE r.member_id = $2 AND r.item_id = i.id AND r.status <> 'cancelled') AS "myRedeemed"
         FROM ${from}
        ORDER BY (i.stock > 0) DESC, i.cost_points, i.id LIMIT $3 OFFSET $4`,
      [pathIds(orgPath), memberId, limit, offset],
    );
    return { items, total: count.total };
  }

  /** Units of the item the member holds (orders not cancelled). */
  async memberRedeemed(m: EntityManager, memberId: string, itemId: string): Promise<number> {
    const row = await sqlRow<{ n: number }>(
      m,
      `SELECT COALESCE(sum(quantity), 0)::int AS n FROM mall_orders
        WHERE member_id = $1 AND item_id = $2 AND status <> 'cancelled'`,
      [memberId, itemId],
    );
    return row?.n ?? 0;
  }

  /** Null when the pickup code is held by another open order (draw another). */
  async insertOrder(m: EntityManager, o: NewOrder): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      m,
      `INSERT INTO mall_orders (item_id, member_id, user_id, quantity, points, pickup_code, request_id, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (pickup_code) WHERE status = 'awaiting_pickup' DO NOTHING
       RETURNING id::text AS id`,
      [o.itemId, o.memberId, o.userId, o.quantity, o.points, o.pickupCode, o.requestId, o.entryId],
    );
    return row?.id ?? null;
  }

  async findOrder(id: string, db: Db = this.db, lock = false): Promise<OrderRow | null> {
    const row = await sqlRow<OrderRow>(
      db,
      `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async findOrderByRequest(db: Db, memberId: string, requestId: string): Promise<OrderRow | null> {
    const row = await sqlRow<OrderRow>(
      db,
      `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE r.member_id = $1 AND r.request_id = $2`,
      [memberId, requestId],
    );
    return row ?? null;
  }

  /** The open order holding a pickup code, else the latest order that held it. */
  async findByCode(code: string): Promise<OrderRow | null> {
    const row = await sqlRow<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE r.pickup_code = $1
        ORDER BY (r.status = 'awaiting_pickup') DESC, r.id DESC LIMIT 1`,
      [code],
    );
    return row ?? null;
  }

  async listMemberOrders(
    memberId: string,
    status: MallOrderStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: OrderRow[]; total: number }> {
    const params: unknown[] = [memberId];
    let where = 'r.member_id = $1';
    if (status) {
      params.push(status);
      where += ` AND r.status = $2`;
    }
    const [count] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM mall_orders r WHERE ${where}`,
      params,
    );
    const items = await sqlRows<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE ${where}
        ORDER BY r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total: count.total };
  }

  async listScopedOrders(
    scope: OrgScope,
    filter: { itemId?: string; status?: MallOrderStatus; offset: number; limit: number },
  ): Promise<{ items: OrderRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('o.path', params)];
    if (filter.itemId) {
      params.push(filter.itemId);
      where.push(`r.item_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`r.status = $${params.length}`);
    }
    const filterSql = where.join(' AND ');
    const [count] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM mall_orders r JOIN mall_items i ON i.id = r.item_id
         JOIN orgs o ON o.id = i.org_id WHERE ${filterSql}`,
      params,
    );
    const items = await sqlRows<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE ${filterSql}
        ORDER BY r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { items, total: count.total };
  }

  /** Hands over an open order; false if it is no longer awaiting pickup. */
  async markFulfilled(m: EntityManager, id: string, userId: string): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE mall_orders SET status = 'fulfilled', fulfilled_by = $2, fulfilled_at = now()
        WHERE id = $1 AND status = 'awaiting_pickup' RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  /** Cancels an open order with its refund entry; false if it is no longer awaiting pickup. */
  async markCancelled(
    m: EntityManager,
    id: string,
    c: { userId: string; reason: string; refundEntryId: string },
  ): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `UPDATE mall_orders SET status = 'cancelled', cancelled_by = $2, cancelled_at = now(), cancel_reason = $3,
              refund_entry_id = $4
        WHERE id = $1 AND status = 'awaiting_pickup' RETURNING id`,
      [id, c.userId, c.reason, c.refundEntryId],
    );
    return rows.length > 0;
  }
}
