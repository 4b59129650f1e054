import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_HEADER,
  type JoinCodeResponse,
  type MyStationsResponse,
  type OpenStationDoorResponse,
  Permission,
  type RemoteOpenStationDoorResponse,
  type StationAttendanceResponse,
  type StationDoorCodeResponse,
  type StationVisitorsTodayResponse,
} from '@smartunion/contracts';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key';
import { Authorize, Scope } from '../../platform/scope/authorize.decorator';
import type { OrgScope } from '../../platform/scope/org-scope';
import {
  OpenStationDoorDto,
  RemoteOpenStationDoorDto,
  StationAttendanceDto,
  StationJoinCodeDto,
} from './dto/door.dto';
import { StationDoorService } from './station-door.service';
import { StationDutyService } from './station-duty.service';

/** Scan-to-open doors, station masters' duty (check-in, today's visitors) and station join codes. */
@ApiTags('stations')
@Controller({ path: 'stations', version: '1' })
export class StationDoorController {
  constructor(
    private readonly door: StationDoorService,
    private readonly duty: StationDutyService,
  ) {}

  /** Any logged-in member scanning a station's door QR, standing within the station's door radius. */
  @Post('door/open')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'UUID; same as body requestId' })
  @ApiOkResponse({ description: 'The door opened (the same answer again for a repeated requestId)' })
  open(
    @Caller() caller: AuthUser,
    @Body() dto: OpenStationDoorDto,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
  ): Promise<OpenStationDoorResponse> {
    return this.door.open(caller.userId, dto, idempotencyKeyOf(dto.requestId, idempotencyKey));
  }

  /** Staff open a station's door from afar; audited, never a visit. */
  @Post(':id/door/remote-open')
  @HttpCode(200)
  @Authorize(Permission.StationWrite)
  @ApiOkResponse({ description: 'The door opened' })
  openRemotely(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: RemoteOpenStationDoorDto,
  ): Promise<RemoteOpenStationDoorResponse> {
    return this.door.openRemotely(scope, id, dto.reason);
  }

  /** A station master's own stations with today's check-in. */
  @Get('mine')
  @ApiBearerAuth()
  mine(@Caller() caller: AuthUser): Promise<MyStationsResponse> {
    return this.duty.mine(caller.userId);
  }

  @Get(':id/door-code')
  @Authorize(Permission.StationRead)
  @ApiOkResponse({ description: 'The door QR to print: token, URL and PNG data URL' })
  doorCode(@Scope() scope: OrgScope, @Param('id', IdParamPipe) id: string): Promise<StationDoorCodeResponse> {
    return this.door.doorCode(scope, id);
  }

  /** Masters of the station only: 201 for the day's check-in, 200 with the same check-in afterwards. */
  @Post(':id/attendance')
  @ApiBearerAuth()
  async checkIn(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: StationAttendanceDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StationAttendanceResponse> {
    const { attendance, created } = await this.duty.checkIn(caller.userId, id, dto);
    void reply.status(created ? 201 : 200);
    return attendance;
  }

  @Get(':id/visitors/today')
  @Authorize(Permission.StationRead)
  visitorsToday(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
  ): Promise<StationVisitorsTodayResponse> {
    return this.duty.visitorsToday(scope, id);
  }

  @Post(':id/join-code')
  @Authorize(Permission.StationWrite)
  joinCode(
    @Scope() scope: OrgScope,
    @Param('id', IdParamPipe) id: string,
    @Body() dto: StationJoinCodeDto,
  ): Promise<JoinCodeResponse> {
    return this.duty.joinCode(scope, id, dto.unionId);
  }
}
