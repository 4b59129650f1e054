export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Header a client sets so a retried write returns the first answer. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REQUEST_ID_HEADER = 'x-request-id';

export interface ServerTimeResponse {
  /** Milliseconds since the epoch, for countdowns that must not trust the device clock. */
  now: number;
}
