import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type EquipmentFaultListResponse,
  type EquipmentReportListResponse,
  type EquipmentReportResponse,
  Permission,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { EquipmentReportDto } from './station-equipment.dto';
import { StationEquipmentService } from './station-equipment.service';

/** Station equipment status reports (设备状况/报修) by station masters, and the stations with faults. */
@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class StationEquipmentController {
  constructor(private readonly equipment: StationEquipmentService) {}

  @Get('equipment/faults')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({
    description: 'Stations in scope whose latest equipment report has faulty or missing items',
  })
  faults(@Scope() scope: OrgScope, @Query() query: PageQueryDto): Promise<EquipmentFaultListResponse> {
    return this.equipment.faults(scope, query.page, query.pageSize);
  }

  /** Masters of the station only. */
  @Post(':id/equipment-reports')
  @ApiBearerAuth()
  @ApiCreatedResponse({ description: 'The report as stored; audited' })
  report(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: EquipmentReportDto,
  ): Promise<EquipmentReportResponse> {
    return this.equipment.report(caller.userId, id, dto);
  }

  @Get(':id/equipment-reports')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: "The station's reports, newest first" })
  list(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<EquipmentReportListResponse> {
    return this.equipment.list(scope, id, query.page, query.pageSize);
  }
}
