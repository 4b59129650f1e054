import { Injectable } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE, ErrorCode, type NoticeListResponse } from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import { DomainError } from '../../platform/errors/domain-error';
import { type NewNotice, NoticesRepository } from './notices.repository';

/** What other areas build to send a notice (they import this service, never the repository). */
export type { NewNotice } from './notices.repository';

/** In-app messages. Other areas send through {@link send}, inside their own transaction. */
@Injectable()
export class NoticesService {
  constructor(private readonly notices: NoticesRepository) {}

  send(notices: NewNotice | NewNotice[], manager?: EntityManager): Promise<void> {
    return this.notices.insertMany(Array.isArray(notices) ? notices : [notices], manager);
  }

  async list(userId: string, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<NoticeListResponse> {
    const { items, total, unread } = await this.notices.list(userId, (page - 1) * pageSize, pageSize);
    return { items, total, unread, page, pageSize };
  }

  async markRead(userId: string, id: string): Promise<void> {
    if ((await this.notices.markRead(userId, id)) === 0 && !(await this.notices.exists(userId, id))) {
      throw new DomainError(ErrorCode.NotFound, 'No such notice');
    }
  }

  async markAllRead(userId: string): Promise<void> {
    await this.notices.markRead(userId, null);
  }
}
