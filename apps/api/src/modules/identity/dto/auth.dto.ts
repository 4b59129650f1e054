import { ApiProperty } from '@nestjs/swagger';
import {
  type BindPhoneRequest,
  type LoginProvider,
  LoginProvider as Providers,
  type LoginRequest,
  type LogoutRequest,
  type RefreshRequest,
} from '@smartunion/contracts';
import { IsIn, IsString, Length, Matches } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ enum: Object.values(Providers) })
  @IsIn(Object.values(Providers))
  provider: LoginProvider;

  @ApiProperty({ description: 'wx.login code, my.getAuthCode authCode, or a demo user key (dev)' })
  @IsString()
  @Length(1, 256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'code must be printable ASCII' })
  code: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class LogoutDto implements LogoutRequest {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class BindPhoneDto implements BindPhoneRequest {
  @ApiProperty({ enum: [Providers.Wechat] })
  @IsIn([Providers.Wechat])
  provider: typeof Providers.Wechat;

  @ApiProperty({ description: 'The code of the getPhoneNumber button (WeChat), valid once for 5 minutes' })
  @IsString()
  @Length(1, 256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'code must be printable ASCII' })
  code: string;
}
