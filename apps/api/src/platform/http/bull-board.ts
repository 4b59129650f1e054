import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiErrorBody, ErrorCode, Permission } from '@smartunion/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verify } from 'jsonwebtoken';

import { bearerTokenOf } from '../auth/bearer';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/app-config';
import { statusOf } from '../errors/error-status';
import { QueueRegistry } from '../queues/queues.module';
import { ScopeService } from '../scope/scope.service';

export const BULL_BOARD_PATH = '/admin/queues';
export const ADMIN_COOKIE = 'su_admin';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Bull Board at /admin/queues, for province staff only (Permission.QueuesAdmin). A browser authenticates with
 * the HttpOnly cookie set by POST /api/v1/admin/session; scripts may send the bearer token instead.
 */
export async function registerBullBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const queues = app.get(QueueRegistry);
  const tokens = app.get(TokenService);
  const scopes = app.get(ScopeService);

  const serverAdapter = new BullBoardFastifyAdapter();
  createBullBoard({ queues: queues.all().map((q) => new BullMQAdapter(q)), serverAdapter });
  serverAdapter.setBasePath(BULL_BOARD_PATH);

  const refuse = (reply: FastifyReply, code: ErrorCode, message: string): FastifyReply =>
    reply.status(statusOf(code)).send({ code, message } satisfies ApiErrorBody);

  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (scoped) => {
      scoped.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const header = request.headers.authorization;
        const bearer = bearerTokenOf(header);
        if (header !== undefined && !bearer) {
          return refuse(reply, ErrorCode.Unauthenticated, 'The Authorization header is not one bearer token');
        }
        const token = bearer || cookieValue(request.headers.cookie, ADMIN_COOKIE);
        if (!token) return refuse(reply, ErrorCode.Unauthenticated, 'Sign in as province staff first');
        let userId: string;
        try {
          const claims = verify(token, tokens.key, {
            algorithms: [ACCESS_TOKEN_ALGORITHM],
            issuer: config.auth.jwtIssuer,
            audience: ACCESS_TOKEN_AUDIENCE,
          });
          userId = typeof claims === 'object' && typeof claims.sub === 'string' ? claims.sub : '';
        } catch {
          return refuse(reply, ErrorCode.Unauthenticated, 'Session expired; sign in again');
        }
        const scope = await scopes.resolve(userId, Permission.QueuesAdmin);
        if (scope.isEmpty) return refuse(reply, ErrorCode.Forbidden, 'Queues are for province staff only');
        return undefined;
      });
      await scoped.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
    });
}
