import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type CouponQrResponse,
  type CouponResponse,
  IDEMPOTENCY_KEY_HEADER,
  type MyCouponsResponse,
  Permission,
  type WriteOffListResponse,
  type WriteOffResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key';
import { UuidParamPipe } from '../../platform/http/uuid-param.pipe';
import { Authorize } from '../../platform/scope/authorize.decorator';
import { CouponsService } from './coupons.service';
import { MyCouponsQueryDto, WriteOffDto } from './dto/coupon.dto';
import { WriteOffsService } from './write-offs.service';

/** A member's own coupons and their write-off QR. */
@ApiTags('benefits')
@ApiBearerAuth()
@Controller({ path: 'benefits/coupons', version: '1' })
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Get('mine')
  mine(@Caller() caller: AuthUser, @Query() query: MyCouponsQueryDto): Promise<MyCouponsResponse> {
    return this.coupons.mine(caller.userId, query);
  }

  @Get(':id')
  get(@Caller() caller: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<CouponResponse> {
    return this.coupons.getMine(caller.userId, id);
  }

  @Get(':id/qr')
  @ApiOkResponse({ description: 'A write-off QR living COUPON_QR_TTL_SECONDS' })
  qr(@Caller() caller: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<CouponQrResponse> {
    return this.coupons.qr(caller.userId, id);
  }
}

/** Writing off coupons at the counter of one's own merchant. */
@ApiTags('benefits')
@Controller({ path: 'benefits/write-offs', version: '1' })
export class WriteOffsController {
  constructor(private readonly writeOffs: WriteOffsService) {}

  @Post()
  @HttpCode(200)
  @Authorize(Permission.CouponWriteOff)
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'UUID; same as body requestId' })
  @ApiOkResponse({ description: 'Written off (the same answer again for a repeated requestId)' })
  writeOff(
    @Caller() caller: AuthUser,
    @Body() dto: WriteOffDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
  ): Promise<WriteOffResponse> {
    return this.writeOffs.writeOff(caller.userId, dto, idempotencyKeyOf(dto.requestId, idempotencyKey));
  }

  /** Today's attempts (Asia/Shanghai) at the counters of the caller's merchants. */
  @Get()
  @Authorize(Permission.CouponWriteOff)
  today(@Caller() caller: AuthUser): Promise<WriteOffListResponse> {
    return this.writeOffs.today(caller.userId);
  }
}
