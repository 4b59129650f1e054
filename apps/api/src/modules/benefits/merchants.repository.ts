import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GeoPoint, MerchantStatus, OrgType, StoreStatus } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { geographyParam } from '../../platform/geo/geo-sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';

export interface MerchantRow {
  id: string;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  name: string;
  creditCode: string | null;
  contactName: string;
  contactPhone: string;
  status: MerchantStatus;
  /** User ids of its counter accounts in linking order; the service names them through identity. */
  userIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface MerchantFields {
  orgId: string;
  name: string;
  creditCode: string | null;
  contactName: string;
  contactPhone: string;
  status: MerchantStatus;
}

/** A store as stored: location in WGS-84. */
export interface StoreRow {
  id: string;
  merchantId: string;
  name: string;
  address: string;
  location: GeoPoint;
  phone: string | null;
  status: StoreStatus;
}

export type StoreFields = Omit<StoreRow, 'id' | 'merchantId'>;

/** A merchant the user acts for at the counter. */
export interface CounterMerchant {
  id: string;
  name: string;
  orgId: string;
  status: MerchantStatus;
}

export interface NearbyStoreRow extends StoreRow {
  merchantName: string;
  distance: number;
}

interface Row {
  id: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  name: string;
  credit_code: string | null;
  contact_name: string;
  contact_phone: string;
  status: MerchantStatus;
  user_ids: string[];
  created_at: Date;
  updated_at: Date;
}

interface StoreDbRow {
  id: string;
  merchant_id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  phone: string | null;
  status: StoreStatus;
}

const COLUMNS = `mc.id, mc.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, mc.name, mc.credit_code, mc.contact_name, mc.contact_phone, mc.status, mc.created_at,
  mc.updated_at,
  COALESCE((SELECT array_agg(mu.user_id::text ORDER BY mu.created_at, mu.user_id)
              FROM merchant_users mu WHERE mu.merchant_id = mc.id), '{}') AS user_ids`;

const STORE_COLUMNS = `st.id, st.merchant_id, st.name, st.address, ST_Y(st.location::geometry) AS lat,
  ST_X(st.location::geometry) AS lng, st.phone, st.status`;

const toRow = (r: Row): MerchantRow => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  name: r.name,
  creditCode: r.credit_code,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  status: r.status,
  userIds: r.user_ids,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toStore = (r: StoreDbRow): StoreRow => ({
  id: r.id,
  merchantId: r.merchant_id,
  name: r.name,
  address: r.address,
  location: { lat: r.lat, lng: r.lng },
  phone: r.phone,
  status: r.status,
});

const merchantParams = (f: MerchantFields): unknown[] => [
  f.orgId,
  f.name,
  f.creditCode,
  f.contactName,
  f.contactPhone,
  f.status,
];

const storeParams = (f: StoreFields): unknown[] => [
  f.name,
  f.address,
  f.location.lng,
  f.location.lat,
  f.phone,
  f.status,
];

/** Partner merchants, their stores and the accounts that act for them at the counter. */
@Injectable()
export class MerchantsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The new merchant's id; null when the org has a merchant of that name already. */
  async insert(f: MerchantFields, createdBy: string | null, db: Db = this.db): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      db,
      `INSERT INTO merchants (org_id, name, credit_code, contact_name, contact_phone, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT merchants_org_name_uq DO NOTHING
       RETURNING id`,
      [...merchantParams(f), createdBy],
    );
    return row?.id ?? null;
  }

  /** False when the new name is taken in the (new) org. */
  async update(id: string, f: MerchantFields, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE merchants
          SET org_id = $2, name = $3, credit_code = $4, contact_name = $5, contact_phone = $6, status = $7,
              updated_at = now()
        WHERE id = $1
          AND NOT EXISTS (SELECT 1 FROM merchants o WHERE o.org_id = $2 AND o.name = $3 AND o.id <> $1)
        RETURNING id`,
      [id, ...merchantParams(f)],
    );
    return rows.length > 0;
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<MerchantRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM merchants mc JOIN orgs o ON o.id = mc.org_id WHERE mc.id = $1
       ${lock ? 'FOR UPDATE OF mc' : ''}`,
      [id],
    );
    return row ? toRow(row) : null;
  }

  /** Merchants whose org lies in the scope (and under `orgPath`), newest first. */
  async list(
    scope: OrgScope,
    filter: { orgPath?: string; q?: string; status?: MerchantStatus },
    offset: number,
    limit: number,
  ): Promise<{ items: MerchantRow[]; total: number }> {
    const params: unknown[] = [];
    let where = scope.sqlWhere('o.path', params);
    if (filter.orgPath) {
      params.push(filter.orgPath);
      where += ` AND ${subtreeOf('o.path', `$${params.length}::ltree`)}`;
    }
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where += ` AND mc.name ILIKE $${params.length}`;
    }
    if (filter.status) {
      params.push(filter.status);
      where += ` AND mc.status = $${params.length}`;
    }
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM merchants mc JOIN orgs o ON o.id = mc.org_id WHERE ${where}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM merchants mc JOIN orgs o ON o.id = mc.org_id WHERE ${where}
        ORDER BY mc.created_at DESC, mc.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total };
  }

  /** The stores of these merchants, oldest first. */
  async storesOf(merchantIds: string[], db: Db = this.db): Promise<StoreRow[]> {
    if (merchantIds.length === 0) return [];
    const rows = await sqlRows<StoreDbRow>(
      db,
      `SELECT ${STORE_COLUMNS} FROM merchant_stores st WHERE st.merchant_id = ANY($1::bigint[]) ORDER BY st.id`,
      [merchantIds],
    );
    return rows.map(toStore);
  }

  async findStore(storeId: string, db: Db = this.db, lock = false): Promise<StoreRow | null> {
    const row = await sqlRow<StoreDbRow>(
      db,
      `SELECT ${STORE_COLUMNS} FROM merchant_stores st WHERE st.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [storeId],
    );
    return row ? toStore(row) : null;
  }

  /** The new store's id; null when the merchant has a store of that name already. */
  async insertStore(merchantId: string, f: StoreFields, db: Db = this.db): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      db,
      `INSERT INTO merchant_stores (merchant_id, name, address, location, phone, status)
       VALUES ($1, $2, $3, ${geographyParam(4, 5)}, $6, $7)
       ON CONFLICT ON CONSTRAINT merchant_stores_name_uq DO NOTHING
       RETURNING id`,
      [merchantId, ...storeParams(f)],
    );
    return row?.id ?? null;
  }

  /** False when the new name is taken by another store of the merchant. */
  async updateStore(storeId: string, f: StoreFields, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE merchant_stores st
          SET name = $2, address = $3, location = ${geographyParam(4, 5)}, phone = $6, status = $7, updated_at = now()
        WHERE st.id = $1
          AND NOT EXISTS (SELECT 1 FROM merchant_stores o
                           WHERE o.merchant_id = st.merchant_id AND o.name = $2 AND o.id <> st.id)
        RETURNING st.id`,
      [storeId, ...storeParams(f)],
    );
    return rows.length > 0;
  }

  /** True if the user was not yet a user of the merchant. */
  async addUser(merchantId: string, userId: string, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `INSERT INTO merchant_users (merchant_id, user_id) VALUES ($1, $2)
       ON CONFLICT (merchant_id, user_id) DO NOTHING RETURNING merchant_id`,
      [merchantId, userId],
    );
    return rows.length > 0;
  }

  /** True if the user was a user of the merchant. */
  async removeUser(merchantId: string, userId: string, db: Db = this.db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `DELETE FROM merchant_users WHERE merchant_id = $1 AND user_id = $2 RETURNING merchant_id`,
      [merchantId, userId],
    );
    return rows.length > 0;
  }

  /** How many merchants of this org the user still acts for. */
  async merchantsInOrg(userId: string, orgId: string, db: Db = this.db): Promise<number> {
    const [{ n }] = await sqlRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM merchant_users mu JOIN merchants mc ON mc.id = mu.merchant_id
        WHERE mu.user_id = $1 AND mc.org_id = $2`,
      [userId, orgId],
    );
    return n;
  }

  /** The active merchants the user acts for at the counter. */
  async counterMerchantsOf(userId: string): Promise<CounterMerchant[]> {
    return sqlRows<CounterMerchant>(
      this.db,
      `SELECT mc.id, mc.name, mc.org_id AS "orgId", mc.status
         FROM merchant_users mu JOIN merchants mc ON mc.id = mu.merchant_id
        WHERE mu.user_id = $1 AND mc.status = 'active'
        ORDER BY mc.id`,
      [userId],
    );
  }

  /**
   * Open stores of active merchants within `radius` metres of `center` (WGS-84), nearest first: a KNN walk of
   * the GiST index inside the radius's bounding box, as the station search does (see StationsRepository.nearby).
   */
  async nearbyStores(center: GeoPoint, radius: number, limit: number): Promise<NearbyStoreRow[]> {
    const c = geographyParam(1, 2);
    const rows = await sqlRows<StoreDbRow & { merchant_name: string; distance: number }>(
      this.db,
      `SELECT ${STORE_COLUMNS}, mc.name AS merchant_name, st.knn AS distance
         FROM (SELECT s.*, s.location <-> ${c} AS knn
                 FROM merchant_stores s
                WHERE s.status = 'active' AND s.location && _ST_Expand(${c}, $3)
                  AND EXISTS (SELECT 1 FROM merchants m WHERE m.id = s.merchant_id AND m.status = 'active')
                ORDER BY s.location <-> ${c}
                LIMIT $4) st
         JOIN merchants mc ON mc.id = st.merchant_id
        WHERE st.knn <= $3
        ORDER BY st.knn`,
      [center.lng, center.lat, radius, limit],
    );
    return rows.map((r) => ({ ...toStore(r), merchantName: r.merchant_name, distance: r.distance }));
  }

  /** Seed use: the merchant of this org with this name, if any. */
  async findIdByOrgName(orgId: string, name: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM merchants WHERE org_id = $1 AND name = $2`,
      [orgId, name],
    );
    return row?.id ?? null;
  }

  /** Seed use: the store of this merchant with this name, if any. */
  async findStoreIdByName(merchantId: string, name: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM merchant_stores WHERE merchant_id = $1 AND name = $2`,
      [merchantId, name],
    );
    return row?.id ?? null;
  }
}
