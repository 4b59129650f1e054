import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type {
  JoinApplicationResponse,
  JoinUnionListResponse,
  MemberCardResponse,
  MemberEventResponse,
  MyMembershipResponse,
  VerificationResponse,
} from '@smartunion/contracts';
import type { FastifyReply } from 'fastify';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../platform/http/id-param.pipe';
import { ApplicationsService } from './applications.service';
import { JoinUnionQueryDto, SubmitJoinApplicationDto } from './dto/membership.dto';
import { JoinCodesService } from './join-codes.service';
import { MembersService } from './members.service';
import { MyMembershipService } from './my-membership.service';

/** The member's own membership: find a union, join, status, card, verification, history. */
@ApiTags('membership')
@ApiBearerAuth()
@Controller({ path: 'membership', version: '1' })
export class MyMembershipController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly codes: JoinCodesService,
    private readonly members: MembersService,
    private readonly mine: MyMembershipService,
  ) {}

  @Post('applications')
  @ApiCreatedResponse({ description: 'Filed (201); the same pending application again (200)' })
  async submit(
    @Caller() caller: AuthUser,
    @Body() dto: SubmitJoinApplicationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JoinApplicationResponse> {
    const { application, created } = await this.applications.submit(caller.userId, dto);
    void reply.status(created ? 201 : 200);
    return application;
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  withdraw(
    @Caller() caller: AuthUser,
    @Param('id', IdParamPipe) id: string,
  ): Promise<JoinApplicationResponse> {
    return this.applications.withdraw(caller.userId, id);
  }

  @Get('join-unions')
  @ApiOkResponse({ description: 'Grassroots unions taking applications online, by name or place' })
  joinUnions(@Caller() caller: AuthUser, @Query() query: JoinUnionQueryDto): Promise<JoinUnionListResponse> {
    return this.codes.findUnions(caller.userId, query);
  }

  @Get('me')
  @ApiOkResponse({ description: 'Membership, newest application and open transfer of the caller' })
  me(@Caller() caller: AuthUser): Promise<MyMembershipResponse> {
    return this.mine.get(caller.userId);
  }

  @Get('me/events')
  events(@Caller() caller: AuthUser): Promise<MemberEventResponse[]> {
    return this.members.events(caller.userId);
  }

  @Post('me/verify')
  @HttpCode(200)
  verify(@Caller() caller: AuthUser): Promise<VerificationResponse> {
    return this.members.verify(caller.userId);
  }

  @Get('card')
  card(@Caller() caller: AuthUser): Promise<MemberCardResponse> {
    return this.members.card(caller.userId);
  }
}
