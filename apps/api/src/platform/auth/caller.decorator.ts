import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthUser } from './auth-user';

/** The authenticated caller. Only on routes behind the JWT guard (i.e. not @Public()). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
  if (!request.user) throw new Error('@Caller() used on a route without authentication');
  return request.user;
});
