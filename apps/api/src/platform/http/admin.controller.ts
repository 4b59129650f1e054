import { Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@smartunion/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { bearerTokenOf } from '../auth/bearer';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Authorize } from '../scope/authorize.decorator';
import { ADMIN_COOKIE, BULL_BOARD_PATH } from './bull-board';

const cookie = (value: string, maxAge: number, secure: boolean): string =>
  `${ADMIN_COOKIE}=${encodeURIComponent(value)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

/** Lets province staff open the admin pages (Bull Board) in a browser with their current access token. */
@ApiTags('admin')
@Controller({ path: 'admin/session', version: '1' })
export class AdminSessionController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post()
  @HttpCode(204)
  @Authorize(Permission.QueuesAdmin)
  @ApiNoContentResponse({ description: `Sets the admin cookie for ${BULL_BOARD_PATH}` })
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    // @Authorize has checked this very header: its token is the caller's.
    const token = bearerTokenOf(request.headers.authorization) ?? '';
    void reply.header(
      'set-cookie',
      cookie(token, this.config.auth.accessTtlSeconds, this.config.env === 'production'),
    );
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  close(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', cookie('', 0, this.config.env === 'production'));
  }
}
