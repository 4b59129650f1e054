import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ClaimableCouponsResponse,
  type CouponResponse,
  type CouponTemplateListResponse,
  type CouponTemplateResponse,
  IDEMPOTENCY_KEY_HEADER,
  Permission,
} from '@smartunion/contracts';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { ClaimsService } from './claims.service';
import { CouponTemplatesService } from './coupon-templates.service';
import { ClaimCouponDto } from './dto/coupon.dto';
import {
  CouponTemplateListQueryDto,
  CreateCouponTemplateDto,
  UpdateCouponTemplateDto,
} from './dto/coupon-template.dto';

/** Coupon templates (staff, within scope) and claiming them (members). */
@ApiTags('benefits')
@Controller({ path: 'benefits/coupon-templates', version: '1' })
export class CouponTemplatesController {
  constructor(
    private readonly templates: CouponTemplatesService,
    private readonly claims: ClaimsService,
  ) {}

  /** The caller's claimable coupons: in audience and window, with what they hold of each. */
  @Get('claimable')
  @ApiBearerAuth()
  claimable(@Caller() caller: AuthUser): Promise<ClaimableCouponsResponse> {
    return this.claims.claimable(caller.userId);
  }

  /** 201 with the new coupon; 200 with the first coupon again for a repeated requestId. */
  @Post(':id/claim')
  @ApiBearerAuth()
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'UUID; same as body requestId' })
  @ApiCreatedResponse({ description: 'Claimed (201); the same coupon for a retried request (200)' })
  async claim(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: ClaimCouponDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CouponResponse> {
    const key = idempotencyKeyOf(dto.requestId, idempotencyKey);
    const { coupon, created } = await this.claims.claim(caller.userId, id, key);
    void reply.status(created ? 201 : 200);
    return coupon;
  }

  @Get()
  @Authorize(Permission.BenefitsManage)
  list(
    @Scope() scope: OrgScope,
    @Query() query: CouponTemplateListQueryDto,
  ): Promise<CouponTemplateListResponse> {
    return this.templates.list(scope, query);
  }

  @Post()
  @Authorize(Permission.BenefitsManage)
  create(@Scope() scope: OrgScope, @Body() dto: CreateCouponTemplateDto): Promise<CouponTemplateResponse> {
    return this.templates.create(scope, dto);
  }

  @Get(':id')
  @Authorize(Permission.BenefitsManage)
  @ApiOkResponse({ description: 'A template of the scope with its stock' })
  get(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<CouponTemplateResponse> {
    return this.templates.get(scope, id);
  }

  @Patch(':id')
  @Authorize(Permission.BenefitsManage)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateCouponTemplateDto,
  ): Promise<CouponTemplateResponse> {
    return this.templates.update(scope, id, dto);
  }
}
