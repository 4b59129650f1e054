import { Module } from '@nestjs/common';

import { NoticesController } from './notices.controller';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';

/** NoticesService for other areas (HTTP-free, for the worker too). */
@Module({ providers: [NoticesService, NoticesRepository], exports: [NoticesService] })
export class NoticesCoreModule {}

@Module({ imports: [NoticesCoreModule], controllers: [NoticesController], exports: [NoticesCoreModule] })
export class NoticesModule {}
