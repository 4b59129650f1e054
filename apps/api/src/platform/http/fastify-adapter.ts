import { FastifyAdapter } from '@nestjs/platform-fastify';

import type { AppConfig } from '../config/app-config';
import { generateRequestId } from './request-id';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // pino-http logs each request once; Fastify's own logger would log it again.
    logger: false,
    genReqId: generateRequestId,
    // During shutdown new requests get 503 while in-flight ones finish; idle keep-alive sockets are closed.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
}
