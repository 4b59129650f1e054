import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type BatchApproveResponse,
  type CheckCardResponse,
  type JoinApplicationListResponse,
  type JoinApplicationResponse,
  type MemberListResponse,
  Permission,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  BatchApproveDto,
  CheckCardDto,
  MemberListQueryDto,
  RejectDto,
  ReviewApplicationsQueryDto,
} from './dto/membership.dto';
import { MembersService } from './members.service';
import { ReviewService } from './review.service';

/** The workbench's membership work: the review queue, decisions, the roster, card checks. */
@ApiTags('membership-workbench')
@Controller({ path: 'membership', version: '1' })
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    private readonly members: MembersService,
  ) {}

  @Get('review/applications')
  @Authorize(Permission.MembershipReview)
  list(
    @Scope() scope: OrgScope,
    @Query() query: ReviewApplicationsQueryDto,
  ): Promise<JoinApplicationListResponse> {
    return this.review.list(scope, query);
  }

  @Post('review/applications/batch-approve')
  @HttpCode(200)
  @Authorize(Permission.MembershipReview)
  batchApprove(@Scope() scope: OrgScope, @Body() dto: BatchApproveDto): Promise<BatchApproveResponse> {
    return this.review.batchApprove(scope, dto.ids);
  }

  @Get('review/applications/:id')
  @Authorize(Permission.MembershipReview)
  get(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<JoinApplicationResponse> {
    return this.review.get(scope, id);
  }

  @Post('review/applications/:id/approve')
  @HttpCode(200)
  @Authorize(Permission.MembershipReview)
  approve(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<JoinApplicationResponse> {
    return this.review.approve(scope, id);
  }

  @Post('review/applications/:id/reject')
  @HttpCode(200)
  @Authorize(Permission.MembershipReview)
  reject(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: RejectDto,
  ): Promise<JoinApplicationResponse> {
    return this.review.reject(scope, id, dto.reason);
  }

  @Get('members')
  @Authorize(Permission.MembershipRead)
  roster(@Scope() scope: OrgScope, @Query() query: MemberListQueryDto): Promise<MemberListResponse> {
    return this.members.list(scope, query);
  }

  @Post('card/check')
  @HttpCode(200)
  @Authorize(Permission.MemberCardCheck)
  checkCard(@Scope() scope: OrgScope, @Body() dto: CheckCardDto): Promise<CheckCardResponse> {
    return this.members.checkCard(scope.userId, dto.token);
  }
}
