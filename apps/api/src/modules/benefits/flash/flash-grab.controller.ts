import { Controller, Get, Headers, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  type GrabResponse,
  IDEMPOTENCY_KEY_HEADER,
  type MemberFlashDropsResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../../platform/auth/auth-user';
import { Caller } from '../../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../../platform/http/id-param.pipe';
import { FlashError } from './flash.errors';
import { FlashDropsService } from './flash-drops.service';
import { FlashGrabService } from './flash-grab.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!UUID.test(header)) {
    throw new FlashError(ErrorCode.ValidationFailed, 'Invalid Idempotency-Key', [
      { field: IDEMPOTENCY_KEY_HEADER, reasons: ['must be a UUID'] },
    ]);
  }
  return header.toLowerCase();
}

/** Members: the drops they may grab, and the grab itself. */
@ApiTags('flash drops')
@ApiBearerAuth()
@Controller({ path: 'benefits/flash-drops', version: '1' })
export class FlashGrabController {
  constructor(
    private readonly drops: FlashDropsService,
    private readonly grabs: FlashGrabService,
  ) {}

  @Get('mine')
  @ApiOkResponse({ description: 'Drops of the member’s org and its ancestors, with server time' })
  mine(@Caller() caller: AuthUser): Promise<MemberFlashDropsResponse> {
    return this.drops.forMember(caller.userId);
  }

  /** Answered by one Redis script; never touches PostgreSQL. 429 RATE_LIMITED past the per-member/IP limits. */
  @Post(':id/grab')
  @HttpCode(200)
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'UUID drawn once per tap' })
  @ApiOkResponse({
    description: 'granted (with the coupon id), sold_out, limit_reached, not_started, ended…',
  })
  grab(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Ip() ip: string,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
  ): Promise<GrabResponse> {
    return this.grabs.grab(caller.userId, id, ip, idempotencyKeyOf(idempotencyKey));
  }
}
