import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FlashDropListResponse, type FlashDropResponse, Permission } from '@smartunion/contracts';

import { IdParamPipe } from '../../../platform/http/id-param.pipe';
import { Authorize, Scope } from '../../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../../platform/scope/org-scope';
import { CreateFlashDropDto, FlashDropListQueryDto, UpdateFlashDropDto } from './dto/flash-drop.dto';
import { FlashDropsService } from './flash-drops.service';

/** Staff schedule flash drops within their scope (秒杀管理). */
@ApiTags('flash drops')
@Controller({ path: 'benefits/flash-drops', version: '1' })
export class FlashDropsController {
  constructor(private readonly drops: FlashDropsService) {}

  @Post()
  @Authorize(Permission.BenefitsManage)
  @ApiOkResponse({
    description: 'The drop, its stock reserved from the template; pre-heated before it opens',
  })
  create(@Scope() scope: OrgScope, @Body() dto: CreateFlashDropDto): Promise<FlashDropResponse> {
    return this.drops.create(scope, dto);
  }

  @Get()
  @Authorize(Permission.BenefitsManage)
  list(@Scope() scope: OrgScope, @Query() query: FlashDropListQueryDto): Promise<FlashDropListResponse> {
    return this.drops.list(scope, query);
  }

  @Get(':id')
  @Authorize(Permission.BenefitsManage)
  get(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<FlashDropResponse> {
    return this.drops.get(scope, id);
  }

  /** Until the drop starts (FLASH_DROP_LOCKED after). */
  @Patch(':id')
  @Authorize(Permission.BenefitsManage)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateFlashDropDto,
  ): Promise<FlashDropResponse> {
    return this.drops.update(scope, id, dto);
  }

  /** Until the drop starts; its stock goes back to the template. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Authorize(Permission.BenefitsManage)
  cancel(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<FlashDropResponse> {
    return this.drops.cancel(scope, id);
  }
}
