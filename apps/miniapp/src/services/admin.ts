import { apiPost } from './api';

/** Where Bull Board lives; served by the API next to the H5 app. */
export const QUEUES_PATH = '/admin/queues';

/**
 * Opens the job-queue dashboard (province staff, H5 only). The API turns the current access token into a
 * short-lived HttpOnly cookie scoped to /admin, which a plain page navigation then carries.
 */
export async function openQueueDashboard(): Promise<void> {
  await apiPost<null>('/api/v1/admin/session');
  window.location.assign(QUEUES_PATH);
}
