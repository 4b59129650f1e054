import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type MallItemListResponse,
  type MallItemResponse,
  Permission,
  type StaffMallOrderListResponse,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  CancelMallOrderDto,
  CreateMallItemDto,
  FulfilMallOrderDto,
  MallItemListQueryDto,
  StaffMallOrderListQueryDto,
  UpdateMallItemDto,
} from './dto/mall.dto';
import { MallItemsService } from './mall-items.service';
import { MallOrdersService } from './mall-orders.service';

/** 积分商城 for staff (items and orders of the scope) and for whoever hands orders over (提货核销). */
@ApiTags('points-mall')
@Controller({ path: 'points/mall', version: '1' })
export class MallAdminController {
  constructor(
    private readonly items: MallItemsService,
    private readonly orders: MallOrdersService,
  ) {}

  @Get('admin/items')
  @Authorize(Permission.PointsManage)
  listItems(@Scope() scope: OrgScope, @Query() query: MallItemListQueryDto): Promise<MallItemListResponse> {
    return this.items.list(scope, query);
  }

  @Post('admin/items')
  @Authorize(Permission.PointsManage)
  createItem(@Scope() scope: OrgScope, @Body() dto: CreateMallItemDto): Promise<MallItemResponse> {
    return this.items.create(scope, dto);
  }

  @Get('admin/items/:id')
  @Authorize(Permission.PointsManage)
  getItem(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<MallItemResponse> {
    return this.items.get(scope, id);
  }

  @Patch('admin/items/:id')
  @Authorize(Permission.PointsManage)
  updateItem(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateMallItemDto,
  ): Promise<MallItemResponse> {
    return this.items.update(scope, id, dto);
  }

  @Get('admin/orders')
  @Authorize(Permission.PointsManage)
  listOrders(
    @Scope() scope: OrgScope,
    @Query() query: StaffMallOrderListQueryDto,
  ): Promise<StaffMallOrderListResponse> {
    return this.orders.list(scope, query);
  }

  /** Refunds the points through the ledger and returns the stock, once. */
  @Post('admin/orders/:id/cancel')
  @HttpCode(200)
  @Authorize(Permission.PointsManage)
  cancel(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: CancelMallOrderDto,
  ): Promise<StaffMallOrderResponse> {
    return this.orders.cancel(scope, id, dto.reason);
  }

  /** The order a member's pickup code names (items offered inside your scope only). */
  @Get('pickup/:code')
  @Authorize(Permission.MallFulfil)
  byCode(@Scope() scope: OrgScope, @Param('code') code: string): Promise<StaffMallOrderResponse> {
    return this.orders.byPickupCode(scope, code);
  }

  @Post('orders/:id/fulfil')
  @HttpCode(200)
  @Authorize(Permission.MallFulfil)
  fulfil(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: FulfilMallOrderDto,
  ): Promise<StaffMallOrderResponse> {
    return this.orders.fulfil(scope, id, dto.pickupCode);
  }
}
