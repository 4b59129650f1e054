import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type Permission } from '@smartunion/contracts';

import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../errors/domain-error';
import { REQUIRED_PERMISSION, type ScopedRequest } from './authorize.decorator';
import { ScopeService } from './scope.service';

/** Global guard after JwtAuthGuard: enforces @Authorize(permission) and attaches the caller's scope. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly scopes: ScopeService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!permission) return true;
    const request = context.switchToHttp().getRequest<ScopedRequest & { user?: AuthUser }>();
    const user = request.user;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'A valid access token is required');
    // The scope always comes from the current role bindings, not from the token's role list: a role granted
    // minutes ago (a new union's cadre, an approved member) works at once, a revoked one stops at once.
    const scope = await this.scopes.resolve(user.userId, permission);
    if (scope.isEmpty) throw new DomainError(ErrorCode.Forbidden, `Your roles do not allow ${permission}`);
    request.scope = scope;
    return true;
  }
}
