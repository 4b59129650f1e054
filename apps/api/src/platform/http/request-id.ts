import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { REQUEST_ID_HEADER } from '@smartunion/contracts';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Fastify's genReqId: the caller's `x-request-id` when it looks safe (so one trace crosses services), else a new
 * UUID. Fastify stores it as request.id (and on the raw request, where pino-http and our filter read it); an
 * onRequest hook echoes it in the response.
 */
export function generateRequestId(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}

/** The id Fastify gave this request (see generateRequestId). */
export function requestIdFor(req: IncomingMessage): string {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : generateRequestId(req);
}
