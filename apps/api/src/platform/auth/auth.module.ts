import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';

import { JwtStrategy } from './jwt.strategy';
import { TokenService } from './token.service';

@Global()
@Module({ imports: [PassportModule], providers: [TokenService, JwtStrategy], exports: [TokenService] })
export class AuthModule {}
