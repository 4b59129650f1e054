import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Permission } from '@smartunion/contracts';

import { AcceptsDownloadTicket } from '../../platform/auth/download-tickets';
import { toStreamableFile } from '../../platform/files/download';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { StationExportQueryDto } from './station-export.dto';
import { StationExportService } from './station-export.service';

/** The stations of the scope for maps and spreadsheets. */
@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class StationExportController {
  constructor(private readonly exports: StationExportService) {}

  @Get('export')
  @Authorize(Permission.StationRead)
  // The H5 workbench downloads through a plain link: the browser streams the file to disk, not into the page.
  @AcceptsDownloadTicket()
  @ApiProduces('application/geo+json', 'text/csv')
  @ApiOkResponse({ description: 'GeoJSON FeatureCollection or CSV (UTF-8 BOM); audited' })
  async export(@Scope() scope: OrgScope, @Query() query: StationExportQueryDto): Promise<StreamableFile> {
    return toStreamableFile(await this.exports.export(scope, query));
  }
}
