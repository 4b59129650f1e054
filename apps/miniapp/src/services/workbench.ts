import type { WorkbenchPendingResponse } from '@smartunion/contracts';

import { apiGet } from './api';

/** What waits for the caller in each queue they work (only the queues their roles open). */
export function workbenchPending(): Promise<WorkbenchPendingResponse> {
  return apiGet<WorkbenchPendingResponse>('/api/v1/workbench/pending');
}
