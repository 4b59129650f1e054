import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type WelfareCampaignListResponse,
  type WelfareCampaignResponse,
  type WelfareProgressResponse,
} from '@smartunion/contracts';

import { IdParamPipe } from '../../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../../platform/scope/org-scope';
import { WelfareCampaignsService } from './campaigns.service';
import {
  CreateWelfareCampaignDto,
  UpdateWelfareCampaignDto,
  WelfareCampaignListQueryDto,
} from './dto/campaign.dto';

/** Welfare campaigns (智送清凉) as staff run them: drafts, publishing, closing, progress per city. */
@ApiTags('benefits')
@Controller({ path: 'benefits/welfare/campaigns', version: '1' })
export class WelfareCampaignsController {
  constructor(private readonly campaigns: WelfareCampaignsService) {}

  @Get()
  @Authorize(Permission.BenefitsManage)
  list(
    @Scope() scope: OrgScope,
    @Query() query: WelfareCampaignListQueryDto,
  ): Promise<WelfareCampaignListResponse> {
    return this.campaigns.list(scope, query);
  }

  @Post()
  @Authorize(Permission.BenefitsManage)
  create(@Scope() scope: OrgScope, @Body() dto: CreateWelfareCampaignDto): Promise<WelfareCampaignResponse> {
    return this.campaigns.create(scope, dto);
  }

  @Get(':id')
  @Authorize(Permission.BenefitsManage)
  get(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<WelfareCampaignResponse> {
    return this.campaigns.get(scope, id);
  }

  @Patch(':id')
  @Authorize(Permission.BenefitsManage)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateWelfareCampaignDto,
  ): Promise<WelfareCampaignResponse> {
    return this.campaigns.update(scope, id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Authorize(Permission.BenefitsManage)
  @ApiOkResponse({ description: 'Published (idempotent); shares are allotted by a job' })
  publish(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<WelfareCampaignResponse> {
    return this.campaigns.publish(scope, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authorize(Permission.BenefitsManage)
  close(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<WelfareCampaignResponse> {
    return this.campaigns.close(scope, id);
  }

  @Get(':id/progress')
  @Authorize(Permission.BenefitsManage)
  @ApiOkResponse({
    description: 'Allotted vs picked up per city (or county), per station, of members in scope',
  })
  progress(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<WelfareProgressResponse> {
    return this.campaigns.progress(scope, id);
  }
}
