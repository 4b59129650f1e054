import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { BenefitsModule } from './modules/benefits/benefits.module';
import { FlashModule } from './modules/benefits/flash/flash.module';
import { FlashBenchBaselineModule } from './modules/benefits/flash/flash-bench-baseline.module';
import { IdentityModule } from './modules/identity/identity.module';
import { MembershipModule } from './modules/membership/membership.module';
import { NoticesModule } from './modules/notices/notices.module';
import { OrgsModule } from './modules/orgs/orgs.module';
import { PointsModule } from './modules/points/points.module';
import { StationsModule } from './modules/stations/stations.module';
import { WelfareModule } from './modules/benefits/welfare/welfare.module';
import { WorkbenchModule } from './modules/workbench/workbench.module';
import { JwtAuthGuard } from './platform/auth/jwt-auth.guard';
import type { AppConfig } from './platform/config/app-config';
import { HealthModule } from './platform/health/health.module';
import { DownloadTicketsController } from './platform/auth/download-tickets';
import { AdminSessionController } from './platform/http/admin.controller';
import { RequestContextMiddleware } from './platform/http/request-context.middleware';
import { PlatformModule } from './platform/platform.module';
import { PermissionGuard } from './platform/scope/permission.guard';

/** The HTTP process: every area's controllers over the platform. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, 'api'),
        HealthModule,
        IdentityModule,
        OrgsModule,
        NoticesModule,
        MembershipModule,
        StationsModule,
        PointsModule,
        BenefitsModule,
        FlashModule,
        WorkbenchModule,
        WelfareModule,
        // Only when the benchmark asks (refused in production): never constructed by a production process.
        ...(config.flash.benchBaseline ? [FlashBenchBaselineModule] : []),
      ],
      controllers: [AdminSessionController, DownloadTicketsController],
      providers: [
        // Order matters: authentication first, then permission and scope.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PermissionGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
