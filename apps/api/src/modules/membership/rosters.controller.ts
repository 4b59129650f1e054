import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Permission, type RosterImportListResponse, type RosterImportResponse } from '@smartunion/contracts';

import { AcceptsDownloadTicket } from '../../platform/auth/download-tickets';
import { toStreamableFile } from '../../platform/files/download';
import { CSV_MIME, XLSX_MIME } from '../../platform/files/upload-store';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { RosterExportQueryDto, RosterImportListQueryDto, RosterImportQueryDto } from './dto/roster.dto';
import { RosterExportService } from './roster-export.service';
import { RosterImportService } from './roster-import.service';

@ApiTags('membership')
@Controller({ path: 'membership', version: '1' })
export class RostersController {
  constructor(
    private readonly imports: RosterImportService,
    private readonly exports: RosterExportService,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @Authorize(Permission.MembershipImport)
  @ApiConsumes(CSV_MIME, XLSX_MIME)
  @ApiBody({
    description:
      'The roster file itself. Header (Chinese as in the template, or the codes): name,id_number,mobile,employer,occupation,new_employment_form[,union_code]',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiAcceptedResponse({ description: 'Queued; poll GET /membership/imports/{id} for progress' })
  createImport(
    @Scope() scope: OrgScope,
    @Query() query: RosterImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<RosterImportResponse> {
    return this.imports.create(scope, { orgId: query.orgId, fileName: query.fileName, contentType, body });
  }

  @Get('imports')
  @Authorize(Permission.MembershipImport)
  listImports(
    @Scope() scope: OrgScope,
    @Query() query: RosterImportListQueryDto,
  ): Promise<RosterImportListResponse> {
    return this.imports.list(scope, query);
  }

  @Get('imports/template.xlsx')
  @Authorize(Permission.MembershipImport)
  @AcceptsDownloadTicket()
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The import template: Chinese header and one example row' })
  template(): StreamableFile {
    return toStreamableFile(this.imports.template());
  }

  @Get('imports/:id')
  @Authorize(Permission.MembershipImport)
  getImport(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<RosterImportResponse> {
    return this.imports.get(scope, id);
  }

  @Get('imports/:id/errors.csv')
  @Authorize(Permission.MembershipImport)
  @AcceptsDownloadTicket()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV 行号,列,原因 (UTF-8 with BOM)' })
  async importErrors(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
  ): Promise<StreamableFile> {
    return toStreamableFile(await this.imports.errorReport(scope, id, 'csv'));
  }

  /** The same report as XLSX, which mini-programs can open (they open no CSV). */
  @Get('imports/:id/errors.xlsx')
  @Authorize(Permission.MembershipImport)
  @ApiProduces(XLSX_MIME)
  async importErrorsXlsx(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
  ): Promise<StreamableFile> {
    return toStreamableFile(await this.imports.errorReport(scope, id, 'xlsx'));
  }

  @Get('exports/members')
  @Authorize(Permission.MembershipExport)
  @AcceptsDownloadTicket()
  @ApiProduces('text/csv', XLSX_MIME)
  @ApiOkResponse({ description: 'Active members in scope; masked unless unmasked=true (audited)' })
  async exportMembers(
    @Scope() scope: OrgScope,
    @Query() query: RosterExportQueryDto,
  ): Promise<StreamableFile> {
    return toStreamableFile(await this.exports.exportMembers(scope, query));
  }
}
