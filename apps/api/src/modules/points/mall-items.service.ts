import { Injectable } from '@nestjs/common';
import {
  type CreateMallItemRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type MallItemListQuery,
  type MallItemListResponse,
  type MallItemResponse,
  MallItemStatus,
  type MemberMallItemListResponse,
  type UpdateMallItemRequest,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { invalid, taken } from '../../platform/errors/common-errors';
import type { DomainError } from '../../platform/errors/domain-error';
import type { EntityManager } from 'typeorm';

import type { OrgScope } from '../../platform/scope/org-scope';
import { MembersService } from '../membership/members.service';
import { OrgsService } from '../orgs/orgs.service';
import { toItemResponse, toMemberItemResponse } from './mall.mapper';
import { type MallItemFields, type MallItemRow, MallRepository } from './mall.repository';
import { PointsError } from './points.errors';

const nameTaken = (): DomainError =>
  taken(ErrorCode.MallItemNameTaken, 'The org has an item of that name already', 'name', 'taken in this org');

/**
 * 积分商城 items: offered by an org to the members of its whole subtree (a member sees the items of every org
 * on their path). Staff with points:manage run the items of their scope.
 */
@Injectable()
export class MallItemsService {
  constructor(
    private readonly mall: MallRepository,
    private readonly orgs: OrgsService,
    private readonly members: MembersService,
    private readonly audit: AuditService,
  ) {}

  async create(scope: OrgScope, request: CreateMallItemRequest): Promise<MallItemResponse> {
    const org = await this.orgs.get(scope, request.orgId);
    const fields: MallItemFields & { stock: number } = {
      name: request.name,
      description: request.description ?? '',
      imageUrl: request.imageUrl ?? null,
      costPoints: request.costPoints,
      perMemberLimit: request.perMemberLimit,
      pickup: request.pickup,
      status: MallItemStatus.Active,
      stock: request.stock,
    };
    const id = await this.mall.transaction(async (m) => {
      const created = await this.mall.insertItem(m, org.id, fields, scope.actorUserId);
      if (!created) throw nameTaken();
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'mall.item_created',
          targetType: 'mall_item',
          targetId: created,
          orgId: org.id,
          after: fields,
        },
        m,
      );
      return created;
    });
    return this.get(scope, id);
  }

  /** Edits an item of the scope; stock moves by `stockDelta` so units redeemed meanwhile are never lost. */
  async update(scope: OrgScope, id: string, request: UpdateMallItemRequest): Promise<MallItemResponse> {
    await this.mall.transaction(async (m) => {
      const item = await this.load(scope, id, m);
      const before = this.fieldsOf(item);
      const after: MallItemFields = {
        name: request.name ?? before.name,
        description: request.description ?? before.description,
        imageUrl: request.imageUrl === undefined ? before.imageUrl : request.imageUrl,
        costPoints: request.costPoints ?? before.costPoints,
        perMemberLimit: request.perMemberLimit ?? before.perMemberLimit,
        pickup: request.pickup ?? before.pickup,
        status: request.status ?? before.status,
      };
      if (!(await this.mall.updateItem(m, id, after))) throw nameTaken();
      if (request.stockDelta && !(await this.mall.changeStock(m, id, request.stockDelta))) {
        throw invalid('stockDelta', `at least -${item.stock}`, 'The stock cannot go below zero');
      }
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'mall.item_updated',
          targetType: 'mall_item',
          targetId: id,
          orgId: item.org.id,
          before: { ...before, stock: item.stock },
          after: { ...after, stockDelta: request.stockDelta ?? 0 },
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  /** System use (seed): the org's item of that name, or null. */
  async findByName(orgId: string, name: string): Promise<MallItemResponse | null> {
    const item = await this.mall.findItemByName(orgId, name);
    return item ? toItemResponse(item) : null;
  }

  async get(scope: OrgScope, id: string): Promise<MallItemResponse> {
    return toItemResponse(await this.load(scope, id));
  }

  async list(scope: OrgScope, query: MallItemListQuery): Promise<MallItemListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.orgId) await this.orgs.get(scope, query.orgId);
    const { items, total } = await this.mall.listScoped(scope, {
      orgId: query.orgId,
      status: query.status,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: items.map(toItemResponse), total, page, pageSize };
  }

  /** What the calling member can redeem: active items of the orgs on their path, in stock first. */
  async forMember(
    userId: string,
    page = 1,
    pageSize = DEFAULT_PAGE_SIZE,
  ): Promise<MemberMallItemListResponse> {
    const member = await this.members.requireMember(userId);
    const { items, total } = await this.mall.listForMember(
      member.id,
      member.orgPath,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toMemberItemResponse), total, page, pageSize };
  }

  /** An item of the scope (MALL_ITEM_NOT_FOUND / OUT_OF_SCOPE), locked when inside a transaction. */
  private async load(scope: OrgScope, id: string, m?: EntityManager): Promise<MallItemRow> {
    const item = await this.mall.findItem(id, m, m !== undefined);
    if (!item) throw new PointsError(ErrorCode.MallItemNotFound, 'No such item');
    scope.assertCovers({ path: item.orgPath }, 'This item');
    return item;
  }

  private fieldsOf(i: MallItemRow): MallItemFields {
    return {
      name: i.name,
      description: i.description,
      imageUrl: i.imageUrl,
      costPoints: i.costPoints,
      perMemberLimit: i.perMemberLimit,
      pickup: i.pickup,
      status: i.status,
    };
  }
}
