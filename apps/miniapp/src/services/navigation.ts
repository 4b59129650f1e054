import Taro from '@tarojs/taro';

import { Routes } from './routes';

let opening = false;

type PageInstance = ReturnType<typeof Taro.getCurrentPages>[number];

/**
 * Pages that have sent the user to login on their own once. Coming back from login without logging in (Back)
 * shows the page again; it must not open login again, or Back would never leave (the page is kept by identity,
 * so a fresh visit of the same route may ask once more).
 */
const bounced = new WeakSet<PageInstance>();

function currentPage(): PageInstance | undefined {
  const pages = Taro.getCurrentPages();
  return pages[pages.length - 1];
}

const onLogin = (page: PageInstance | undefined): boolean =>
  (page?.route ?? '').includes(Routes.Login.slice(1));

function open(): void {
  if (opening || onLogin(currentPage())) return;
  opening = true;
  // navigateTo keeps the page underneath, so Back (or a login) returns to it; reLaunch only when the stack is
  // full (mini-programs allow 10 pages), and the login page then offers its own way out.
  Taro.navigateTo({ url: Routes.Login })
    .catch(() => Taro.reLaunch({ url: Routes.Login }))
    .catch(() => undefined)
    .finally(() => {
      opening = false;
    });
}

/** The user tapped 登录: opens the login page on top of the current one, once however often it was tapped. */
export function openLogin(): void {
  open();
}

/**
 * The session is gone under a page that needs it: opens the login page once, however many requests found out
 * at the same time, and never twice for the same page (the user who came back without logging in stays).
 */
export function goToLogin(): void {
  const page = currentPage();
  if (onLogin(page)) return;
  if (page) {
    if (bounced.has(page)) return;
    bounced.add(page);
  }
  open();
}
