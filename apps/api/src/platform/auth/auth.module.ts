import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';

import { DownloadTickets } from './download-tickets';
import { JwtStrategy } from './jwt.strategy';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [PassportModule],
  providers: [TokenService, JwtStrategy, DownloadTickets],
  exports: [TokenService, DownloadTickets],
})
export class AuthModule {}
