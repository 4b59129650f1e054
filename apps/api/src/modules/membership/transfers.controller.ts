import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Permission, type TransferListResponse, type TransferResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { RejectDto } from './dto/membership.dto';
import { RequestTransferDto, ReviewTransfersQueryDto } from './dto/transfer.dto';
import { TransfersService } from './transfers.service';

/** 组织关系转接: a member's requests, and both unions' decisions. */
@ApiTags('membership-transfers')
@ApiBearerAuth()
@Controller({ path: 'membership', version: '1' })
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post('transfers')
  @ApiCreatedResponse({ description: 'The open transfer (the same one again for a repeated request)' })
  request(@Caller() caller: AuthUser, @Body() dto: RequestTransferDto): Promise<TransferResponse> {
    return this.transfers.request(caller.userId, dto);
  }

  @Get('transfers/mine')
  mine(@Caller() caller: AuthUser, @Query() query: PageQueryDto): Promise<TransferListResponse> {
    return this.transfers.mine(caller.userId, query.page, query.pageSize);
  }

  @Post('transfers/:id/cancel')
  @HttpCode(200)
  cancel(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<TransferResponse> {
    return this.transfers.cancel(caller.userId, id);
  }

  @Get('review/transfers')
  @Authorize(Permission.MembershipReview)
  review(@Scope() scope: OrgScope, @Query() query: ReviewTransfersQueryDto): Promise<TransferListResponse> {
    return this.transfers.review(scope, query);
  }

  @Post('review/transfers/:id/approve')
  @HttpCode(200)
  @Authorize(Permission.MembershipReview)
  approve(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<TransferResponse> {
    return this.transfers.approve(scope, id);
  }

  @Post('review/transfers/:id/reject')
  @HttpCode(200)
  @Authorize(Permission.MembershipReview)
  reject(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: RejectDto,
  ): Promise<TransferResponse> {
    return this.transfers.reject(scope, id, dto.reason);
  }
}
