import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MyPointsResponse, PointEntryListResponse, SignInResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { PointsService } from './points.service';

/** A member's own points: balance, history and the daily sign-in. */
@ApiTags('points')
@ApiBearerAuth()
@Controller({ path: 'points', version: '1' })
export class PointsController {
  constructor(private readonly points: PointsService) {}

  @Get('me')
  @ApiOkResponse({ description: "Balance, totals, today's earnings per reason with caps, sign-in state" })
  me(@Caller() caller: AuthUser): Promise<MyPointsResponse> {
    return this.points.me(caller.userId);
  }

  @Get('me/entries')
  @ApiOkResponse({ description: 'Every change, newest first, with its reason and the balance after it' })
  entries(@Caller() caller: AuthUser, @Query() query: PageQueryDto): Promise<PointEntryListResponse> {
    return this.points.entries(caller.userId, query.page, query.pageSize);
  }

  /** Once a day (Asia/Shanghai); again the same day answers the same sign-in with alreadySigned. */
  @Post('sign-in')
  @HttpCode(200)
  signIn(@Caller() caller: AuthUser): Promise<SignInResponse> {
    return this.points.signIn(caller.userId);
  }
}
