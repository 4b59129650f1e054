import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_HEADER,
  type MallOrderListResponse,
  type MallOrderResponse,
  type MemberMallItemListResponse,
  type RedeemResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { MallOrderListQueryDto, RedeemDto } from './dto/mall.dto';
import { MallItemsService } from './mall-items.service';
import { MallOrdersService } from './mall-orders.service';
import { requiredRequestId } from './request-id';

/** 积分商城 for members: the items they may redeem, redeeming, their orders. */
@ApiTags('points-mall')
@ApiBearerAuth()
@Controller({ path: 'points/mall', version: '1' })
export class MallController {
  constructor(
    private readonly items: MallItemsService,
    private readonly orders: MallOrdersService,
  ) {}

  @Get('items')
  @ApiOkResponse({ description: 'Active items of the orgs on your path, with what you hold of each' })
  list(@Caller() caller: AuthUser, @Query() query: PageQueryDto): Promise<MemberMallItemListResponse> {
    return this.items.forMember(caller.userId, query.page, query.pageSize);
  }

  @Post('items/:id/redeem')
  @HttpCode(200)
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'UUID; same as body requestId' })
  @ApiOkResponse({ description: 'The order (the first one again for a repeated requestId)' })
  redeem(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: RedeemDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
  ): Promise<RedeemResponse> {
    return this.orders.redeem(
      caller.userId,
      id,
      dto.quantity,
      requiredRequestId(dto.requestId, idempotencyKey),
    );
  }

  @Get('my-orders')
  myOrders(
    @Caller() caller: AuthUser,
    @Query() query: MallOrderListQueryDto,
  ): Promise<MallOrderListResponse> {
    return this.orders.myOrders(caller.userId, query);
  }

  /** The order with its pickup QR (while it awaits pickup). */
  @Get('my-orders/:id')
  myOrder(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<MallOrderResponse> {
    return this.orders.myOrder(caller.userId, id);
  }

  /** Before pickup only: the points and the stock come back. */
  @Post('my-orders/:id/cancel')
  @HttpCode(200)
  cancelMine(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<MallOrderResponse> {
    return this.orders.cancelMine(caller.userId, id);
  }
}
