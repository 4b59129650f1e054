import Taro from '@tarojs/taro';

import { apiPost } from './api';
import { API_BASE } from './env';
import { Routes } from './routes';

/** Where Bull Board lives; served by the API next to the H5 app. */
export const QUEUES_PATH = '/admin/queues';

/**
 * Opens the job-queue dashboard (province staff), a web page of the API, never in place of the app.
 *
 * H5: in a new tab. The API turns the current access token into a short-lived HttpOnly cookie scoped to /admin,
 * which the new tab's navigation then carries. The tab is opened at the tap, before the cookie request, because
 * browsers let a page open tabs only while handling a tap; it is cut from this page (no `opener`) and pointed
 * at the dashboard once the cookie is set.
 *
 * Mini-programs cannot show the page: the H5 workbench's link is copied (the dashboard needs the login made
 * there), with a toast saying to open it in a browser.
 */
export async function openQueueDashboard(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const tab = window.open('', '_blank');
    try {
      await apiPost<null>('/api/v1/admin/session');
    } catch (error) {
      tab?.close();
      throw error;
    }
    const url = new URL(QUEUES_PATH, window.location.href).href;
    if (tab) {
      tab.opener = null;
      tab.location.href = url;
    } else {
      window.open(url, '_blank', 'noopener');
    }
    return;
  }
  await Taro.setClipboardData({ data: `${API_BASE}/#${Routes.Workbench}` });
  await Taro.showToast({
    title: '链接已复制，请在电脑浏览器中打开，登录后在工作台点「任务队列」',
    icon: 'none',
    duration: 3000,
  });
}
