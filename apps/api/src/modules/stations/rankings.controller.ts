import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type MasterRankingResponse,
  type MyStationRatingResponse,
  Permission,
  type StationRankingResponse,
  type StationRatingResponse,
  type StationReportListResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  MasterRankingQueryDto,
  StationRankingQueryDto,
  StationRatingDto,
  StationReportQueryDto,
} from './rankings.dto';
import { RankingsService } from './rankings.service';
import { StationReportsService } from './station-reports.service';

/** Monthly rankings, members' ratings and the cities' monthly reports. */
@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class RankingsController {
  constructor(
    private readonly rankings: RankingsService,
    private readonly reports: StationReportsService,
  ) {}

  @Get('rankings/stations')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: 'Top 100 stations in scope for the month, by visits or rating' })
  stations(
    @Scope() scope: OrgScope,
    @Query() query: StationRankingQueryDto,
  ): Promise<StationRankingResponse> {
    return this.rankings.stationRanking(scope, query);
  }

  @Get('rankings/masters')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: 'Top 100 station masters in scope for the month, by days on duty' })
  masters(@Scope() scope: OrgScope, @Query() query: MasterRankingQueryDto): Promise<MasterRankingResponse> {
    return this.rankings.masterRanking(scope, query);
  }

  @Get('reports')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: 'Monthly reports of the city federations in scope, newest first' })
  reportList(
    @Scope() scope: OrgScope,
    @Query() query: StationReportQueryDto,
  ): Promise<StationReportListResponse> {
    return this.reports.list(scope, query);
  }

  /** The caller's rating of this station this month, and whether they may rate it. */
  @Get(':id/rating')
  @ApiBearerAuth()
  @ApiOkResponse({ description: "The caller's rating this month, and whether they visited this month" })
  myRating(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
  ): Promise<MyStationRatingResponse> {
    return this.rankings.myRating(caller.userId, id);
  }

  /** Any logged-in member who opened this station's door this month. */
  @Post(':id/rating')
  @HttpCode(200)
  @ApiBearerAuth()
  rate(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: StationRatingDto,
  ): Promise<StationRatingResponse> {
    return this.rankings.rate(caller.userId, id, dto);
  }
}
