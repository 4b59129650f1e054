import { Injectable } from '@nestjs/common';
import {
  type CoordSystem,
  type CreateMerchantRequest,
  type CreateStoreRequest,
  DEFAULT_COORD_SYSTEM,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type MerchantListQuery,
  type MerchantListResponse,
  type MerchantResponse,
  type MyMerchantsResponse,
  type NearbyStoresQuery,
  type NearbyStoresResponse,
  Role,
  STORES_NEARBY_DEFAULT_LIMIT,
  STORES_NEARBY_DEFAULT_RADIUS_M,
  type StoreResponse,
  type UpdateMerchantRequest,
  type UpdateStoreRequest,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { AuditService } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/database/sql';
import { taken } from '../../platform/errors/common-errors';
import type { DomainError } from '../../platform/errors/domain-error';
import { toWgs84 } from '../../platform/geo/coordinates';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { OrgsService } from '../orgs/orgs.service';
import { BenefitsError } from './benefits.errors';
import { toMerchantResponse, toNearbyStoreResponse, toStoreResponse } from './merchant.mapper';
import {
  type CounterMerchant,
  type MerchantFields,
  type MerchantRow,
  MerchantsRepository,
  type StoreFields,
  type StoreRow,
} from './merchants.repository';

const nameTaken = (what: string): DomainError =>
  taken(ErrorCode.Conflict, `${what} of that name exists already`, 'name', 'must be unique');

/**
 * Partner merchants (普惠商户) of an org, their stores (located like stations: WGS-84 stored, converted at the
 * edges) and the accounts that act for them at the counter. Staff manage them within their scope; every change
 * is audited.
 */
@Injectable()
export class MerchantsService {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly orgs: OrgsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async create(scope: OrgScope, request: CreateMerchantRequest): Promise<MerchantResponse> {
    const org = await this.orgs.get(scope, request.orgId);
    const fields: MerchantFields = {
      orgId: org.id,
      name: request.name,
      creditCode: request.creditCode ?? null,
      contactName: request.contactName,
      contactPhone: request.contactPhone,
      status: 'active',
    };
    const id = await this.merchants.transaction(async (m) => {
      const created = await this.merchants.insert(fields, scope.actorUserId, m);
      if (!created) throw nameTaken('A merchant');
      await this.record(scope, 'benefits.merchant.created', created, org.id, m, undefined, fields);
      return created;
    });
    return this.get(scope, id);
  }

  async get(
    scope: OrgScope,
    id: string,
    coord: CoordSystem = DEFAULT_COORD_SYSTEM,
  ): Promise<MerchantResponse> {
    const merchant = await this.load(scope, id);
    const [stores, userNames] = await Promise.all([
      this.merchants.storesOf([id]),
      this.users.displayNames(merchant.userIds),
    ]);
    return toMerchantResponse(merchant, stores, userNames, coord);
  }

  async list(scope: OrgScope, query: MerchantListQuery): Promise<MerchantListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const orgPath = query.orgId ? (await this.orgs.get(scope, query.orgId)).path : undefined;
    const { items, total } = await this.merchants.list(
      scope,
      { orgPath, q: query.q, status: query.status },
      (page - 1) * pageSize,
      pageSize,
    );
    const [stores, userNames] = await Promise.all([
      this.merchants.storesOf(items.map((m) => m.id)),
      this.users.displayNames(items.flatMap((m) => m.userIds)),
    ]);
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    return {
      items: items.map((m) => toMerchantResponse(m, stores, userNames, coord)),
      total,
      page,
      pageSize,
    };
  }

  async update(scope: OrgScope, id: string, request: UpdateMerchantRequest): Promise<MerchantResponse> {
    // Handing a merchant to another org needs that org in scope as well as the merchant itself.
    if (request.orgId) await this.orgs.get(scope, request.orgId);
    await this.merchants.transaction(async (m) => {
      const current = await this.load(scope, id, m, true);
      const before = fieldsOf(current);
      const after: MerchantFields = {
        orgId: request.orgId ?? before.orgId,
        name: request.name ?? before.name,
        creditCode: request.creditCode ?? before.creditCode,
        contactName: request.contactName ?? before.contactName,
        contactPhone: request.contactPhone ?? before.contactPhone,
        status: request.status ?? before.status,
      };
      if (!(await this.merchants.update(id, after, m))) throw nameTaken('A merchant');
      await this.record(scope, 'benefits.merchant.updated', id, after.orgId, m, before, after);
    });
    return this.get(scope, id);
  }

  async addStore(scope: OrgScope, merchantId: string, request: CreateStoreRequest): Promise<StoreResponse> {
    const coord = request.coord ?? DEFAULT_COORD_SYSTEM;
    const fields: StoreFields = {
      name: request.name,
      address: request.address,
      location: toWgs84(request.location, coord),
      phone: request.phone ?? null,
      status: 'active',
    };
    const storeId = await this.merchants.transaction(async (m) => {
      const merchant = await this.load(scope, merchantId, m, true);
      const created = await this.merchants.insertStore(merchant.id, fields, m);
      if (!created) throw nameTaken('A store');
      await this.record(scope, 'benefits.store.created', created, merchant.orgId, m, undefined, {
        merchantId,
        ...fields,
      });
      return created;
    });
    return toStoreResponse((await this.merchants.findStore(storeId)) as StoreRow, coord);
  }

  async updateStore(
    scope: OrgScope,
    merchantId: string,
    storeId: string,
    request: UpdateStoreRequest,
  ): Promise<StoreResponse> {
    const coord = request.coord ?? DEFAULT_COORD_SYSTEM;
    await this.merchants.transaction(async (m) => {
      const merchant = await this.load(scope, merchantId, m, true);
      const store = await this.merchants.findStore(storeId, m, true);
      if (!store || store.merchantId !== merchant.id) {
        throw new BenefitsError(ErrorCode.StoreNotFound, 'No such store of this merchant');
      }
      const after: StoreFields = {
        name: request.name ?? store.name,
        address: request.address ?? store.address,
        location: request.location ? toWgs84(request.location, coord) : store.location,
        phone: request.phone ?? store.phone,
        status: request.status ?? store.status,
      };
      if (!(await this.merchants.updateStore(storeId, after, m))) throw nameTaken('A store');
      await this.record(scope, 'benefits.store.updated', storeId, merchant.orgId, m, store, after);
    });
    return toStoreResponse((await this.merchants.findStore(storeId)) as StoreRow, coord);
  }

  /** Lets the user write off the merchant's coupons; grants them the merchant role on its org if missing. */
  async addUser(scope: OrgScope, merchantId: string, userId: string): Promise<MerchantResponse> {
    if (!(await this.users.findById(userId))) throw new BenefitsError(ErrorCode.UserNotFound, 'No such user');
    await this.merchants.transaction(async (m) => {
      const merchant = await this.load(scope, merchantId, m, true);
      if (!(await this.merchants.addUser(merchant.id, userId, m))) return;
      const granted = await this.users.grantRole(userId, Role.Merchant, merchant.orgId, m);
      await this.record(scope, 'benefits.merchant.user_added', merchantId, merchant.orgId, m, undefined, {
        userId,
        roleGranted: granted,
      });
    });
    return this.get(scope, merchantId);
  }

  /** Unlinks the user; the merchant role on the org goes too once they act for no other merchant of it. */
  async removeUser(scope: OrgScope, merchantId: string, userId: string): Promise<MerchantResponse> {
    await this.merchants.transaction(async (m) => {
      const merchant = await this.load(scope, merchantId, m, true);
      if (!(await this.merchants.removeUser(merchant.id, userId, m))) return;
      const revoked =
        (await this.merchants.merchantsInOrg(userId, merchant.orgId, m)) === 0 &&
        (await this.users.revokeRole(userId, Role.Merchant, merchant.orgId, m));
      await this.record(
        scope,
        'benefits.merchant.user_removed',
        merchantId,
        merchant.orgId,
        m,
        { userId },
        {
          roleRevoked: revoked,
        },
      );
    });
    return this.get(scope, merchantId);
  }

  /** Open stores of partner merchants near a point, nearest first: any logged-in user, no scope. */
  async nearbyStores(query: NearbyStoresQuery): Promise<NearbyStoresResponse> {
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    const radius = query.radius ?? STORES_NEARBY_DEFAULT_RADIUS_M;
    const rows = await this.merchants.nearbyStores(
      toWgs84({ lat: query.lat, lng: query.lng }, coord),
      radius,
      query.limit ?? STORES_NEARBY_DEFAULT_LIMIT,
    );
    return { items: rows.map((r) => toNearbyStoreResponse(r, coord)), coord, radius };
  }

  /** The active merchants the caller acts for at the counter, with their open stores. */
  async mine(userId: string): Promise<MyMerchantsResponse> {
    const merchants = await this.counterMerchantsOf(userId);
    const stores = await this.merchants.storesOf(merchants.map((m) => m.id));
    return {
      items: merchants.map((m) => ({
        id: m.id,
        name: m.name,
        status: m.status,
        stores: stores
          .filter((s) => s.merchantId === m.id && s.status === 'active')
          .map((s) => ({ id: s.id, name: s.name })),
      })),
    };
  }

  counterMerchantsOf(userId: string): Promise<CounterMerchant[]> {
    return this.merchants.counterMerchantsOf(userId);
  }

  /** A merchant inside the scope, or MERCHANT_NOT_FOUND / OUT_OF_SCOPE. */
  async load(scope: OrgScope, id: string, db?: Db, lock = false): Promise<MerchantRow> {
    const merchant = await this.merchants.findById(id, db, lock);
    if (!merchant) throw new BenefitsError(ErrorCode.MerchantNotFound, 'No such merchant');
    scope.assertCovers({ path: merchant.orgPath }, 'This merchant');
    return merchant;
  }

  /** Seed use: the id of the merchant of `orgId` named `name`, created if missing. */
  async ensureMerchant(fields: MerchantFields): Promise<{ id: string; created: boolean }> {
    const existing = await this.merchants.findIdByOrgName(fields.orgId, fields.name);
    if (existing) return { id: existing, created: false };
    const id = await this.merchants.insert(fields, null);
    return id ? { id, created: true } : this.ensureMerchant(fields);
  }

  /** Seed use: the id of the merchant's store named `name`, created if missing. */
  async ensureStore(merchantId: string, fields: StoreFields): Promise<{ id: string; created: boolean }> {
    const existing = await this.merchants.findStoreIdByName(merchantId, fields.name);
    if (existing) return { id: existing, created: false };
    const id = await this.merchants.insertStore(merchantId, fields);
    return id ? { id, created: true } : this.ensureStore(merchantId, fields);
  }

  /** Seed use: links the user to the merchant and grants the role; true if newly linked. */
  async ensureUser(merchantId: string, orgId: string, userId: string): Promise<boolean> {
    return this.merchants.transaction(async (m) => {
      const added = await this.merchants.addUser(merchantId, userId, m);
      await this.users.grantRole(userId, Role.Merchant, orgId, m);
      return added;
    });
  }

  private record(
    scope: OrgScope,
    action: string,
    targetId: string,
    orgId: string,
    m: EntityManager,
    before?: unknown,
    after?: unknown,
  ): Promise<void> {
    const targetType = action.split('.')[1] ?? 'merchant';
    return this.audit.record(
      { actorUserId: scope.actorUserId, action, targetType, targetId, orgId, before, after },
      m,
    );
  }
}

function fieldsOf(m: MerchantRow): MerchantFields {
  return {
    orgId: m.orgId,
    name: m.name,
    creditCode: m.creditCode,
    contactName: m.contactName,
    contactPhone: m.contactPhone,
    status: m.status,
  };
}
