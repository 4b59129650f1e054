import { Body, Controller, HttpCode, Injectable, Post, SetMetadata } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { DownloadTicketRequest, DownloadTicketResponse } from '@smartunion/contracts';
import { IsString, Matches, MaxLength } from 'class-validator';

import { SignedTokens } from '../crypto/signed-token';
import type { AuthUser } from './auth-user';
import { Caller } from './caller.decorator';

export const ACCEPTS_DOWNLOAD_TICKET = 'su:acceptsDownloadTicket';
/** The query parameter carrying a ticket. */
export const DOWNLOAD_TICKET_PARAM = 'ticket';
/** Long enough to start the download, short enough that a URL in a history or log is worth nothing. */
const TICKET_TTL_SECONDS = 60;

/**
 * The route's file may also be fetched with a download ticket in its URL instead of a bearer header: a browser
 * then streams it straight to disk through a plain link, instead of the page holding the whole file.
 */
export const AcceptsDownloadTicket = (): MethodDecorator => SetMetadata(ACCEPTS_DOWNLOAD_TICKET, true);

/** `path?query` with the ticket left out and the parameters sorted: what a ticket is bound to. */
function canonicalUrl(url: string): string {
  const parsed = new URL(url, 'http://api.invalid');
  parsed.searchParams.delete(DOWNLOAD_TICKET_PARAM);
  parsed.searchParams.sort();
  const search = parsed.searchParams.toString();
  return search ? `${parsed.pathname}?${search}` : parsed.pathname;
}

interface TicketPayload {
  sub: string;
  url: string;
}

/**
 * Download tickets: a short-lived signed token naming one user and one exact URL. Issued to a caller holding a
 * valid access token; honoured only on routes marked {@link AcceptsDownloadTicket}, where the permission and
 * scope checks then run for the ticket's user as for a bearer token.
 */
@Injectable()
export class DownloadTickets {
  constructor(private readonly tokens: SignedTokens) {}

  issue(user: AuthUser, url: string, now = Date.now()): DownloadTicketResponse {
    const bound = canonicalUrl(url);
    const payload: TicketPayload = { sub: user.userId, url: bound };
    const ticket = this.tokens.sign('download', payload, TICKET_TTL_SECONDS, now);
    return {
      url: `${bound}${bound.includes('?') ? '&' : '?'}${DOWNLOAD_TICKET_PARAM}=${encodeURIComponent(ticket)}`,
      expiresAt: new Date(now + TICKET_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /** The user a request's ticket stands for, or null when it is missing, forged, expired or for another URL. */
  check(url: string, now = Date.now()): AuthUser | null {
    const ticket = new URL(url, 'http://api.invalid').searchParams.get(DOWNLOAD_TICKET_PARAM);
    if (!ticket) return null;
    const result = this.tokens.verify<TicketPayload>('download', ticket, now);
    if (!result.ok || typeof result.payload.sub !== 'string' || result.payload.url !== canonicalUrl(url)) {
      return null;
    }
    return { userId: result.payload.sub, roles: [] };
  }
}

class DownloadTicketDto implements DownloadTicketRequest {
  @ApiProperty({ example: '/api/v1/membership/exports/members?format=xlsx' })
  @IsString()
  @MaxLength(2000)
  @Matches(/^\/api\/[^?#]*(\?[^#]*)?$/, { message: 'path must be an API path with an optional query' })
  path: string;
}

@ApiTags('auth')
@Controller({ path: 'download-tickets', version: '1' })
export class DownloadTicketsController {
  constructor(private readonly tickets: DownloadTickets) {}

  /** A link the browser can download through without the bearer header (file routes that accept tickets). */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The URL with a ticket valid for 60 seconds' })
  issue(@Caller() caller: AuthUser, @Body() body: DownloadTicketDto): DownloadTicketResponse {
    return this.tickets.issue(caller, body.path);
  }
}
