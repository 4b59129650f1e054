import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse } from '@nestjs/swagger';
import type { Permission } from '@smartunion/contracts';
import type { FastifyRequest } from 'fastify';

import type { OrgScope } from './org-scope';

export const REQUIRED_PERMISSION = 'su:permission';

/**
 * The route needs `permission` somewhere in the caller's role bindings. The PermissionGuard resolves the
 * caller's scope for it and hands it to the handler through @Scope().
 */
export const Authorize = (permission: Permission): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, permission),
    ApiBearerAuth(),
    ApiForbiddenResponse({ description: `Requires ${permission} (FORBIDDEN) within scope (OUT_OF_SCOPE)` }),
  );

export type ScopedRequest = FastifyRequest & { scope?: OrgScope };

/** The caller's scope for the route's @Authorize permission. */
export const Scope = createParamDecorator((_: unknown, ctx: ExecutionContext): OrgScope => {
  const request = ctx.switchToHttp().getRequest<ScopedRequest>();
  if (!request.scope) throw new Error('@Scope() used on a route without @Authorize()');
  return request.scope;
});
