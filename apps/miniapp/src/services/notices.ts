import type { NoticeListResponse } from '@smartunion/contracts';

import { apiGet, apiPost } from './api';

const BASE = '/api/v1/notices';

/** The caller's messages, newest first, with the unread count. */
export function listNotices(page = 1, pageSize?: number): Promise<NoticeListResponse> {
  return apiGet<NoticeListResponse>(BASE, { page, pageSize });
}

export function markNoticeRead(noticeId: string): Promise<null> {
  return apiPost<null>(`${BASE}/${encodeURIComponent(noticeId)}/read`);
}

export function markAllNoticesRead(): Promise<null> {
  return apiPost<null>(`${BASE}/read-all`);
}
