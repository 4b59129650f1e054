import { Module } from '@nestjs/common';

import { AuthController, MeController } from './auth.controller';
import { AuthService } from './auth.service';
import { loginProvidersProvider } from './login-providers';
import { MeService } from './me.service';
import { PurgeRefreshTokensJob } from './purge-refresh-tokens.job';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Identity's services, shared by its HTTP and worker faces. Other areas use UsersService only. */
@Module({
  providers: [
    AuthService,
    MeService,
    UsersService,
    UsersRepository,
    RefreshTokensRepository,
    loginProvidersProvider,
  ],
  exports: [AuthService, MeService, UsersService],
})
export class IdentityCoreModule {}

/** Login, tokens, me. */
@Module({
  imports: [IdentityCoreModule],
  controllers: [AuthController, MeController],
  exports: [IdentityCoreModule],
})
export class IdentityModule {}

/** Identity's jobs, for the worker. */
@Module({ imports: [IdentityCoreModule], providers: [PurgeRefreshTokensJob] })
export class IdentityJobsModule {}
