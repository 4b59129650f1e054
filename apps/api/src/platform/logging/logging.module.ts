import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { requestIdFor } from '../http/request-id';

/** Probes and scrapes, polled every few seconds: not worth a log line each. */
const QUIET_PATHS = ['healthz', 'readyz', 'metrics'];

/**
 * Flash-sale grabs: up to 100,000 in the second a drop opens. A request log line each would cost the hot path
 * a fifth of its CPU (bench/flash-sale.mjs); the metrics still count every grab by status, and errors are
 * logged by the exception filter.
 */
const QUIET_ROUTES = [{ path: 'benefits/flash-drops/:id/grab', method: RequestMethod.POST, version: '1' }];

/**
 * Structured JSON logs (pino) with the request id on every line logged during a request. Secrets, tokens,
 * login codes and ID numbers are redacted wherever they appear.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        exclude: [...QUIET_PATHS.map((path) => ({ path, method: RequestMethod.ALL })), ...QUIET_ROUTES],
        pinoHttp: {
          level: config.log.level,
          genReqId: (req) => requestIdFor(req),
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              '*.accessToken',
              '*.refreshToken',
              '*.idNumber',
              '*.password',
              '*.secret',
              'body.code',
            ],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              // Query strings may carry codes or tokens; the route is enough to trace.
              url: req.url.split('?')[0],
              remoteAddress: req.remoteAddress,
            }),
          },
          transport: config.log.pretty
            ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
            : undefined,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
