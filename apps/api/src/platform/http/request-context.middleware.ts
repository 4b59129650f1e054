import type { IncomingMessage, ServerResponse } from 'node:http';

import { Injectable, type NestMiddleware } from '@nestjs/common';

import { runWithRequestContext } from './request-context';
import { requestIdFor } from './request-id';

@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
    runWithRequestContext({ requestId: requestIdFor(req) }, next);
  }
}
