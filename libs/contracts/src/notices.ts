import type { Paged } from './common';

/** In-app messages to one user: decisions on their applications, transfers, and area notifications. */
export interface NoticeResponse {
  id: string;
  /** What it is about, namespaced by area: `membership.approved`, `membership.transfer.completed`… */
  kind: string;
  title: string;
  body: string;
  /** The record it concerns, for a link: `join_application`, `transfer`… */
  refType: string | null;
  refId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface NoticeListResponse extends Paged<NoticeResponse> {
  unread: number;
}
