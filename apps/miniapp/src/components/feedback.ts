import { Toast } from '@nutui/nutui-react-taro';

import { isApiError } from '../services/api';

/** Each page renders one <Toast id={TOAST_ID} />; NutUI scopes the id to the current page. */
export const TOAST_ID = 'page-toast';

/** What to tell the user about a failure: the Chinese message of the API error code where there is one. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return '操作未完成，请重试';
  return '出错了，请稍后重试';
}

export function showError(error: unknown): void {
  Toast.show(TOAST_ID, { content: errorMessage(error), icon: 'fail' });
}

export function showSuccess(content: string): void {
  Toast.show(TOAST_ID, { content, icon: 'success' });
}

export function showFailure(content: string): void {
  Toast.show(TOAST_ID, { content, icon: 'fail' });
}
