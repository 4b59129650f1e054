import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type WelfarePickupResponse,
  type WelfarePickupStationsResponse,
} from '@smartunion/contracts';

import { Authorize, Scope } from '../../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../../platform/scope/org-scope';
import { WelfarePickupDto } from './dto/pickup.dto';
import { WelfarePickupsService } from './pickups.service';

/** The station's pick-up desk: stations the caller serves, and the write-off of a member's share. */
@ApiTags('benefits')
@Controller({ path: 'benefits/welfare', version: '1' })
export class WelfarePickupsController {
  constructor(private readonly pickups: WelfarePickupsService) {}

  @Get('pickup-stations')
  @Authorize(Permission.WelfarePickup)
  @ApiOkResponse({ description: 'Stations of open campaigns the caller masters or has in scope' })
  stations(@Scope() scope: OrgScope): Promise<WelfarePickupStationsResponse> {
    return this.pickups.stations(scope);
  }

  @Post('pickups')
  @HttpCode(200)
  @Authorize(Permission.WelfarePickup)
  @ApiOkResponse({ description: 'Written off; a second attempt is WELFARE_ALREADY_PICKED_UP' })
  pickUp(@Scope() scope: OrgScope, @Body() dto: WelfarePickupDto): Promise<WelfarePickupResponse> {
    return this.pickups.pickUp(scope, dto);
  }
}
