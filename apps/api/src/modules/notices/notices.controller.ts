import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NoticeListResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { NoticesService } from './notices.service';

/** The caller's own messages; nobody reads another user's. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller({ path: 'notices', version: '1' })
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first, with the unread count' })
  list(@Caller() caller: AuthUser, @Query() query: PageQueryDto): Promise<NoticeListResponse> {
    return this.notices.list(caller.userId, query.page, query.pageSize);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiNoContentResponse()
  readAll(@Caller() caller: AuthUser): Promise<void> {
    return this.notices.markAllRead(caller.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  read(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<void> {
    return this.notices.markRead(caller.userId, id);
  }
}
