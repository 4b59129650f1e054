import { existsSync } from 'node:fs';

import { VersioningType } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { REQUEST_ID_HEADER } from '@smartunion/contracts';
import { Logger } from 'nestjs-pino';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { CSV_MIME, XLSX_MIME } from '../files/upload-store';
import { MetricsService } from '../health/metrics.service';
import { registerBullBoard } from './bull-board';
import { createValidationPipe } from './validation.pipe';

const UNVERSIONED = ['healthz', 'readyz', 'metrics'];

/** Everything main.ts and the tests both need, so tests exercise the real HTTP pipeline. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix('api', { exclude: UNVERSIONED });
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // File uploads (CSV, XLSX) arrive as raw bytes, with their own (larger) limit; the bytes are kept as sent, so
  // a CSV saved by Excel in GBK can still be decoded by whoever reads it.
  fastify.addContentTypeParser(
    [CSV_MIME, 'application/csv', XLSX_MIME],
    { parseAs: 'buffer', bodyLimit: config.http.uploadLimitBytes },
    (_req, body, done) => done(null, body),
  );

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });

  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  await registerBullBoard(app, config);

  if (config.swaggerEnabled) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('SmartUnion API')
        .setDescription(
          '智慧工会 — errors are always { code, message, details? }; codes in @smartunion/contracts',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, {
      jsonDocumentUrl: 'api/docs-json',
      useGlobalPrefix: false,
    });
  }

  const h5 = config.http.serveH5Dir;
  if (h5 && existsSync(h5)) {
    // Only the files present at start-up get routes (no wildcard), so unknown paths still reach our JSON 404.
    app.useStaticAssets({ root: h5, prefix: '/', wildcard: false, index: ['index.html'] });
  }
}
