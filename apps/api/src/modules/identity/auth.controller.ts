import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, MeResponse, PhoneBindingResponse, TokenPair } from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { Public } from '../../platform/auth/public.decorator';
import { AuthService } from './auth.service';
import { BindPhoneDto, LoginDto, LogoutDto, RefreshDto } from './dto/auth.dto';
import { MeService } from './me.service';
import { PhoneService } from './phone.service';

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Access and refresh tokens (LoginResponse)' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new token pair; the presented refresh token is spent' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The refresh token family is revoked' })
  logout(@Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller({ path: 'me', version: '1' })
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly phone: PhoneService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'The caller, their roles and the org scope of each (MeResponse)' })
  get(@Caller() caller: AuthUser): Promise<MeResponse> {
    return this.me.get(caller.userId);
  }

  @Post('phone')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The mobile number the platform vouched for, masked (PhoneBindingResponse)' })
  bindPhone(@Caller() caller: AuthUser, @Body() dto: BindPhoneDto): Promise<PhoneBindingResponse> {
    return this.phone.bind(caller.userId, dto);
  }
}
