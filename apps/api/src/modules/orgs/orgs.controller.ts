import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type OrgDetailResponse,
  type OrgImportResponse,
  type OrgListResponse,
  type OrgResponse,
  Permission,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { CreateOrgDto, MoveOrgDto, OrgListQueryDto, UpdateOrgDto } from './dto/org.dto';
import { OrgImportService } from './org-import.service';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@Controller({ path: 'orgs', version: '1' })
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly importer: OrgImportService,
  ) {}

  @Get()
  @Authorize(Permission.OrgRead)
  @ApiOkResponse({ description: 'Children of parentId, a search in scope, or the roots of the scope' })
  list(@Scope() scope: OrgScope, @Query() query: OrgListQueryDto): Promise<OrgListResponse> {
    return this.orgs.list(scope, query);
  }

  @Get(':id')
  @Authorize(Permission.OrgRead)
  get(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<OrgDetailResponse> {
    return this.orgs.get(scope, id);
  }

  @Post()
  @Authorize(Permission.OrgWrite)
  create(@Scope() scope: OrgScope, @Body() dto: CreateOrgDto): Promise<OrgResponse> {
    return this.orgs.create(scope, dto);
  }

  @Patch(':id')
  @Authorize(Permission.OrgWrite)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateOrgDto,
  ): Promise<OrgResponse> {
    return this.orgs.update(scope, id, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Authorize(Permission.OrgMove)
  move(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: MoveOrgDto,
  ): Promise<OrgResponse> {
    return this.orgs.move(scope, id, dto.newParentId, dto.areaCode);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize(Permission.OrgWrite)
  @ApiNoContentResponse()
  delete(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<void> {
    return this.orgs.delete(scope, id);
  }

  @Post('import')
  @HttpCode(200)
  @Authorize(Permission.OrgImport)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'CSV with header code,name,type,area_code,parent_code',
    schema: { type: 'string' },
  })
  importCsv(@Scope() scope: OrgScope, @Body() csv: string): Promise<OrgImportResponse> {
    return this.importer.importCsv(scope, csv);
  }
}
