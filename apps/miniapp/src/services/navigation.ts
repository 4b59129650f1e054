import Taro from '@tarojs/taro';

import { Routes } from './routes';

let opening = false;

function currentRoute(): string {
  const pages = Taro.getCurrentPages();
  return pages[pages.length - 1]?.route ?? '';
}

/** Opens the login page once, however many requests found the session gone at the same time. */
export function goToLogin(): void {
  if (opening || currentRoute().includes(Routes.Login.slice(1))) return;
  opening = true;
  Taro.navigateTo({ url: Routes.Login })
    .catch(() => Taro.reLaunch({ url: Routes.Login }))
    .catch(() => undefined)
    .finally(() => {
      opening = false;
    });
}
