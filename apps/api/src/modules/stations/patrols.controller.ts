import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type PatrolDueResponse,
  type PatrolListResponse,
  type PatrolResponse,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { CreatePatrolDto, PatrolDueQueryDto } from './patrols.dto';
import { PatrolsService } from './patrols.service';

/** Station patrols (巡查) by federation staff, and what is due. */
@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class PatrolsController {
  constructor(private readonly patrols: PatrolsService) {}

  @Get('patrols/due')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: 'Open stations in scope with their next patrol due date, soonest first' })
  due(@Scope() scope: OrgScope, @Query() query: PatrolDueQueryDto): Promise<PatrolDueResponse> {
    return this.patrols.due(scope, query);
  }

  @Post(':id/patrols')
  @Authorize(Permission.StationWrite)
  record(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: CreatePatrolDto,
  ): Promise<PatrolResponse> {
    return this.patrols.record(scope, id, dto);
  }

  @Get(':id/patrols')
  @Authorize(Permission.StationRead)
  list(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<PatrolListResponse> {
    return this.patrols.list(scope, id, query.page, query.pageSize);
  }
}
