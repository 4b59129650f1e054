import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ErrorCode } from '@smartunion/contracts';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

import { DomainError } from '../errors/domain-error';
import type { AuthUser } from './auth-user';
import { ACCEPTS_DOWNLOAD_TICKET, DOWNLOAD_TICKET_PARAM, DownloadTickets } from './download-tickets';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard: a valid access token or a @Public() route (or a download ticket on a route that accepts one).
 * Expired tokens get TOKEN_EXPIRED so clients refresh.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly tickets: DownloadTickets,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: AuthUser; query: Record<string, unknown> }>();
    if (
      typeof request.query?.[DOWNLOAD_TICKET_PARAM] === 'string' &&
      this.reflector.get<boolean | undefined>(ACCEPTS_DOWNLOAD_TICKET, context.getHandler())
    ) {
      const user = this.tickets.check(request.url);
      if (!user)
        throw new DomainError(ErrorCode.Unauthenticated, 'The download link expired or is for another file');
      request.user = user;
      // The ticket has done its work; the route's query DTO must not see an unknown parameter.
      delete request.query[DOWNLOAD_TICKET_PARAM];
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthUser>(err: unknown, user: TUser | false, info: unknown): TUser {
    if (err || !user) {
      const name = (info as { name?: string } | undefined)?.name;
      if (name === 'TokenExpiredError') throw new DomainError(ErrorCode.TokenExpired, 'Access token expired');
      throw new DomainError(ErrorCode.Unauthenticated, 'A valid access token is required');
    }
    return user;
  }
}
