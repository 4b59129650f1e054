import { randomUUID } from 'node:crypto';

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ApiErrorBody, ErrorCode } from '@smartunion/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';

import { PgErrorCode, pgErrorOf } from '../database/postgres-errors';
import { DomainError } from './domain-error';
import { statusOf } from './error-status';

interface ErrorWithCode {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/** Fastify's own request errors (body parsing, limits) by their documented codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.MalformedJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.MalformedJson,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.BadRequest,
  FST_ERR_CTP_EMPTY_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_TYPE: ErrorCode.UnsupportedMediaType,
};

/** PostgreSQL errors a request can provoke only with bad input, should a repository not map them first. */
const PG_CODES: Record<string, ErrorCode> = {
  [PgErrorCode.UniqueViolation]: ErrorCode.Conflict,
  [PgErrorCode.ForeignKeyViolation]: ErrorCode.Conflict,
  [PgErrorCode.InvalidTextRepresentation]: ErrorCode.BadRequest,
  [PgErrorCode.NumericValueOutOfRange]: ErrorCode.BadRequest,
  [PgErrorCode.StringDataRightTruncation]: ErrorCode.BadRequest,
};

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** Turns every error into `{ code, message, details? }`. Unexpected errors become a 500 with an error id only. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    const status = statusOf(body.code);
    if (status === 429 && exception instanceof DomainError) {
      const retry = (exception.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('retry-after', String(retry));
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown, request?: FastifyRequest): ApiErrorBody {
    const requestId = request ? requestIdOf(request) : undefined;
    if (exception instanceof DomainError) {
      return { code: exception.code, message: exception.message, details: exception.details, requestId };
    }
    // Nest wraps Fastify's own request errors (body parsing, limits) in an HttpException; the cause says which.
    const fastifyCode = (
      exception instanceof HttpException ? (exception.cause as ErrorWithCode | undefined) : undefined
    )?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
      return {
        code: FASTIFY_CODES[fastifyCode],
        message: exception instanceof Error ? exception.message : '',
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status];
      if (code) {
        const message =
          status === 404
            ? `No route for ${request?.method ?? ''} ${request?.url ?? ''}`.trim()
            : exception.message;
        return { code, message, requestId };
      }
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = pgErrorOf(exception)?.code;
      const code = pgCode ? PG_CODES[pgCode] : undefined;
      if (code)
        return {
          code,
          message: 'The request conflicts with existing data or has an invalid value',
          requestId,
        };
    }
    const err = exception as ErrorWithCode;
    if (typeof err?.code === 'string' && FASTIFY_CODES[err.code]) {
      return { code: FASTIFY_CODES[err.code], message: String(err.message), requestId };
    }
    if (exception instanceof SyntaxError && err.statusCode === 400) {
      return { code: ErrorCode.MalformedJson, message: 'Body is not valid JSON', requestId };
    }
    if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return {
        code: HTTP_CODES[err.statusCode] ?? ErrorCode.BadRequest,
        message: String(err.message),
        requestId,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, requestId }, 'Unexpected error');
    return { code: ErrorCode.Internal, message: 'Internal error', errorId, requestId };
  }
}

export function requestIdOf(request: FastifyRequest): string | undefined {
  const raw = request.raw as { id?: unknown };
  return typeof raw.id === 'string' ? raw.id : undefined;
}
