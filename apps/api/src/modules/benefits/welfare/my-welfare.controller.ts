import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MyWelfareResponse, WelfarePickupCodeResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../../platform/auth/auth-user';
import { Caller } from '../../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../../platform/http/id-param.pipe';
import { WelfarePickupsService } from './pickups.service';

/** The member's welfare shares (我的福利) and their pick-up QR. */
@ApiTags('benefits')
@ApiBearerAuth()
@Controller({ path: 'benefits/welfare/mine', version: '1' })
export class MyWelfareController {
  constructor(private readonly pickups: WelfarePickupsService) {}

  @Get()
  @ApiOkResponse({ description: "The caller's shares: goods, quantity, status, pick-up stations" })
  mine(@Caller() caller: AuthUser): Promise<MyWelfareResponse> {
    return this.pickups.mine(caller.userId);
  }

  @Get(':allocationId/code')
  @ApiOkResponse({ description: 'A short-lived pick-up QR for one open share' })
  code(
    @Caller() caller: AuthUser,
    @Param('allocationId', IdParamPipe) allocationId: string,
  ): Promise<WelfarePickupCodeResponse> {
    return this.pickups.code(caller.userId, allocationId);
  }
}
