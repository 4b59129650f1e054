import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ScopeRootsSource } from '../../platform/scope/scope-roots.source';
import { ScopeService } from '../../platform/scope/scope.service';

import { AuthController, MeController } from './auth.controller';
import { AuthService } from './auth.service';
import { loginProvidersProvider } from './login-providers';
import { MeService } from './me.service';
import { PhoneService } from './phone.service';
import { PurgeRefreshTokensJob } from './purge-refresh-tokens.job';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RoleBindingEntity } from './role-binding.entity';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Identity's services, shared by its HTTP and worker faces. Other areas use UsersService only. It also provides
 * the platform's ScopeService (the PermissionGuard's, and any area's that re-checks a permission) over the role
 * bindings identity owns, so every process that can resolve a scope has this module in its graph.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RoleBindingEntity])],
  providers: [
    AuthService,
    MeService,
    PhoneService,
    UsersService,
    UsersRepository,
    RefreshTokensRepository,
    loginProvidersProvider,
    { provide: ScopeRootsSource, useExisting: UsersService },
    ScopeService,
  ],
  exports: [AuthService, MeService, PhoneService, UsersService, ScopeService],
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
