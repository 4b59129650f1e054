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

/** Asks for a link that downloads a file without the bearer header (H5: the browser streams it to disk). */
export interface DownloadTicketRequest {
  /** The file's API path with its query, e.g. /api/v1/membership/exports/members?format=xlsx. */
  path: string;
}

export interface DownloadTicketResponse {
  /** The same path with a short-lived ticket added; open it at once. */
  url: string;
  expiresAt: string;
}

export interface ServerTimeResponse {
  /** Milliseconds since the epoch, for countdowns that must not trust the device clock. */
  now: number;
}
