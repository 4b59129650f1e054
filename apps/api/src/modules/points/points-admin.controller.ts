import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type AdjustPointsResponse,
  type EarnRulesResponse,
  type MemberPointsResponse,
  Permission,
  type ReconciliationListResponse,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { AdjustPointsDto, DeleteRuleQueryDto, PutEarnRuleDto, RulesQueryDto } from './dto/points.dto';
import { EarnRulesService } from './earn-rules.service';
import { PointsService } from './points.service';
import { ReconciliationService } from './reconciliation.service';

/** Staff with points:manage: earn rules, members' accounts and adjustments, reconciliation reports. */
@ApiTags('points')
@Controller({ path: 'points', version: '1' })
export class PointsAdminController {
  constructor(
    private readonly rules: EarnRulesService,
    private readonly points: PointsService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  @Get('rules')
  @Authorize(Permission.PointsManage)
  listRules(@Scope() scope: OrgScope, @Query() query: RulesQueryDto): Promise<EarnRulesResponse> {
    return this.rules.list(scope, query.orgId);
  }

  @Put('rules')
  @Authorize(Permission.PointsManage)
  putRule(@Scope() scope: OrgScope, @Body() dto: PutEarnRuleDto): Promise<EarnRulesResponse> {
    return this.rules.put(scope, dto);
  }

  /** The org's own rule goes; its members fall back to the upper org's rule or the default. */
  @Delete('rules')
  @Authorize(Permission.PointsManage)
  deleteRule(@Scope() scope: OrgScope, @Query() query: DeleteRuleQueryDto): Promise<EarnRulesResponse> {
    return this.rules.remove(scope, query.orgId, query.reason);
  }

  @Get('members/:id')
  @Authorize(Permission.PointsManage)
  member(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<MemberPointsResponse> {
    return this.points.memberAccount(scope, id);
  }

  @Post('adjustments')
  @Authorize(Permission.PointsManage)
  adjust(@Scope() scope: OrgScope, @Body() dto: AdjustPointsDto): Promise<AdjustPointsResponse> {
    return this.points.adjust(scope, dto);
  }

  @Get('reconciliations')
  @Authorize(Permission.PointsManage)
  reconciliations(
    @Scope() scope: OrgScope,
    @Query() query: PageQueryDto,
  ): Promise<ReconciliationListResponse> {
    return this.reconciliation.list(scope, query.page, query.pageSize);
  }
}
