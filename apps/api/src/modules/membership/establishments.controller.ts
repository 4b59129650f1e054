import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import {
  type EstablishmentListResponse,
  type EstablishmentResponse,
  Permission,
  type UpperUnionListResponse,
} from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  ApplyEstablishmentDto,
  ReviewEstablishmentsQueryDto,
  UpperUnionQueryDto,
} from './dto/establishment.dto';
import { RejectDto } from './dto/membership.dto';
import { EstablishmentsService } from './establishments.service';

/** 网上建会: enterprises apply, upper unions decide. */
@ApiTags('establishments')
@ApiBearerAuth()
@Controller({ path: 'establishments', version: '1' })
export class EstablishmentsController {
  constructor(private readonly establishments: EstablishmentsService) {}

  @Get('upper-unions')
  upperUnions(@Query() query: UpperUnionQueryDto): Promise<UpperUnionListResponse> {
    return this.establishments.upperUnions(query);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The pending application (the same one again for a repeated request)' })
  apply(@Caller() caller: AuthUser, @Body() dto: ApplyEstablishmentDto): Promise<EstablishmentResponse> {
    return this.establishments.apply(caller.userId, dto);
  }

  @Get('mine')
  mine(@Caller() caller: AuthUser, @Query() query: PageQueryDto): Promise<EstablishmentListResponse> {
    return this.establishments.mine(caller.userId, query.page, query.pageSize);
  }

  @Get('review')
  @Authorize(Permission.EstablishmentReview)
  review(
    @Scope() scope: OrgScope,
    @Query() query: ReviewEstablishmentsQueryDto,
  ): Promise<EstablishmentListResponse> {
    return this.establishments.review(scope, query);
  }

  @Post('review/:id/approve')
  @HttpCode(200)
  @Authorize(Permission.EstablishmentReview)
  approve(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<EstablishmentResponse> {
    return this.establishments.approve(scope, id);
  }

  @Post('review/:id/reject')
  @HttpCode(200)
  @Authorize(Permission.EstablishmentReview)
  reject(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: RejectDto,
  ): Promise<EstablishmentResponse> {
    return this.establishments.reject(scope, id, dto.reason);
  }
}
