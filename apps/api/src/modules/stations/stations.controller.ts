import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type NearbyStationsResponse,
  Permission,
  type StationCitiesResponse,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';

import { Public } from '../../platform/auth/public.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { UuidParamPipe } from '../../platform/http/uuid-param.pipe';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import { NearbyStationsQueryDto, StationCitiesQueryDto } from './dto/nearby-query.dto';
import { CoordQueryDto, CreateStationDto, StationListQueryDto, UpdateStationDto } from './dto/station.dto';
import { StationsService } from './stations.service';

@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  /**
   * Public (workers looking for a place to rest, before or without a login): the answer holds only what a
   * station shows at its door (place, hours, amenities, occupancy), nothing of the caller. Rate-limited per IP.
   */
  @Public()
  @Get('nearby')
  @ApiOkResponse({ description: 'Active stations within the radius, nearest first' })
  nearby(@Ip() ip: string, @Query() query: NearbyStationsQueryDto): Promise<NearbyStationsResponse> {
    return this.stations.nearbyForVisitor(ip, query);
  }

  /** Public, for the finder without a position: the province's cities with stations, and where to look from. */
  @Public()
  @Get('cities')
  @ApiOkResponse({ description: 'City-level unions with active stations, each with a point to search from' })
  cities(@Ip() ip: string, @Query() query: StationCitiesQueryDto): Promise<StationCitiesResponse> {
    return this.stations.citiesForVisitor(ip, query);
  }

  @Get()
  @Authorize(Permission.StationRead)
  list(@Scope() scope: OrgScope, @Query() query: StationListQueryDto): Promise<StationListResponse> {
    return this.stations.list(scope, query);
  }

  @Post()
  @Authorize(Permission.StationWrite)
  create(@Scope() scope: OrgScope, @Body() dto: CreateStationDto): Promise<StationResponse> {
    return this.stations.create(scope, dto);
  }

  @Get(':id')
  @Authorize(Permission.StationRead)
  get(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Query() query: CoordQueryDto,
  ): Promise<StationResponse> {
    return this.stations.get(scope, id, query.coord);
  }

  @Patch(':id')
  @Authorize(Permission.StationWrite)
  update(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: UpdateStationDto,
  ): Promise<StationResponse> {
    return this.stations.update(scope, id, dto);
  }

  @Post(':id/masters/:userId')
  @HttpCode(200)
  @Authorize(Permission.StationWrite)
  assignMaster(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<StationResponse> {
    return this.stations.assignMaster(scope, id, userId);
  }

  @Delete(':id/masters/:userId')
  @Authorize(Permission.StationWrite)
  unassignMaster(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<StationResponse> {
    return this.stations.unassignMaster(scope, id, userId);
  }
}
