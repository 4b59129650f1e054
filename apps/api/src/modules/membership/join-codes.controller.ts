import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type JoinCodeInfoResponse,
  type JoinCodeListResponse,
  type JoinCodeResponse,
  Permission,
} from '@smartunion/contracts';

import { Public } from '../../platform/auth/public.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { CreateJoinCodeDto, JoinCodeListQueryDto, ResolveJoinCodeQueryDto } from './dto/membership.dto';
import { JoinCodesService } from './join-codes.service';

@ApiTags('membership')
@Controller({ path: 'membership/join-codes', version: '1' })
export class JoinCodesController {
  constructor(private readonly codes: JoinCodesService) {}

  /** Public: a worker who just scanned sees which union the code is for before logging in. */
  @Public()
  @Get('resolve')
  @ApiOkResponse({ description: 'The union a join code admits to' })
  resolve(@Query() query: ResolveJoinCodeQueryDto): Promise<JoinCodeInfoResponse> {
    return this.codes.info(query.code);
  }

  @Get()
  @Authorize(Permission.JoinCodesManage)
  list(@Scope() scope: OrgScope, @Query() query: JoinCodeListQueryDto): Promise<JoinCodeListResponse> {
    return this.codes.list(scope, query.orgId, query.page, query.pageSize);
  }

  @Post()
  @Authorize(Permission.JoinCodesManage)
  create(@Scope() scope: OrgScope, @Body() dto: CreateJoinCodeDto): Promise<JoinCodeResponse> {
    return this.codes.create(scope, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Authorize(Permission.JoinCodesManage)
  revoke(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<JoinCodeResponse> {
    return this.codes.revoke(scope, id);
  }
}
