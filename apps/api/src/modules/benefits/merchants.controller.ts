import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type MerchantListResponse,
  type MerchantResponse,
  type MyMerchantsResponse,
  type NearbyStoresResponse,
  Permission,
  type StoreResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { UuidParamPipe } from '../../platform/http/uuid-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  CoordQueryDto,
  CreateMerchantDto,
  CreateStoreDto,
  MerchantListQueryDto,
  NearbyStoresQueryDto,
  UpdateMerchantDto,
  UpdateStoreDto,
} from './dto/merchant.dto';
import { MerchantsService } from './merchants.service';

/** Partner merchants and their stores (staff, within scope); nearby stores (members); one's own (counter). */
@ApiTags('benefits')
@Controller({ path: 'benefits', version: '1' })
export class MerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  /** Any logged-in user: partner stores near a point, nearest first. */
  @Get('stores/nearby')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'Open stores of active merchants within the radius, nearest first' })
  nearby(@Query() query: NearbyStoresQueryDto): Promise<NearbyStoresResponse> {
    return this.merchants.nearbyStores(query);
  }

  /** The merchants the caller writes off coupons for, with their stores. */
  @Get('merchants/mine')
  @Authorize(Permission.CouponWriteOff)
  mine(@Caller() caller: AuthUser): Promise<MyMerchantsResponse> {
    return this.merchants.mine(caller.userId);
  }

  @Get('merchants')
  @Authorize(Permission.BenefitsManage)
  list(@Scope() scope: OrgScope, @Query() query: MerchantListQueryDto): Promise<MerchantListResponse> {
    return this.merchants.list(scope, query);
  }

  @Post('merchants')
  @Authorize(Permission.BenefitsManage)
  create(@Scope() scope: OrgScope, @Body() dto: CreateMerchantDto): Promise<MerchantResponse> {
    return this.merchants.create(scope, dto);
  }

  @Get('merchants/:id')
  @Authorize(Permission.BenefitsManage)
  get(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Query() query: CoordQueryDto,
  ): Promise<MerchantResponse> {
    return this.merchants.get(scope, id, query.coord);
  }

  @Patch('merchants/:id')
  @Authorize(Permission.BenefitsManage)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateMerchantDto,
  ): Promise<MerchantResponse> {
    return this.merchants.update(scope, id, dto);
  }

  @Post('merchants/:id/stores')
  @Authorize(Permission.BenefitsManage)
  addStore(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: CreateStoreDto,
  ): Promise<StoreResponse> {
    return this.merchants.addStore(scope, id, dto);
  }

  @Patch('merchants/:id/stores/:storeId')
  @Authorize(Permission.BenefitsManage)
  updateStore(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Param('storeId', IdParamPipe) storeId: string,
    @Body() dto: UpdateStoreDto,
  ): Promise<StoreResponse> {
    return this.merchants.updateStore(scope, id, storeId, dto);
  }

  @Post('merchants/:id/users/:userId')
  @HttpCode(200)
  @Authorize(Permission.BenefitsManage)
  addUser(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<MerchantResponse> {
    return this.merchants.addUser(scope, id, userId);
  }

  @Delete('merchants/:id/users/:userId')
  @Authorize(Permission.BenefitsManage)
  removeUser(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<MerchantResponse> {
    return this.merchants.removeUser(scope, id, userId);
  }
}
