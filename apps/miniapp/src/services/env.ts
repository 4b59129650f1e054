import { LoginProvider } from '@smartunion/contracts';

// Taro inlines process.env.TARO_ENV and TARO_APP_* at build time; nothing else reads them.
const TARO_ENV = process.env.TARO_ENV;

/** The platform login of this build, or null where there is none (H5). */
export const PLATFORM_LOGIN_PROVIDER: LoginProvider | null =
  TARO_ENV === 'weapp' ? LoginProvider.Wechat : TARO_ENV === 'alipay' ? LoginProvider.Alipay : null;

/** H5 is served by the API itself, so it calls its own origin; mini-programs need an absolute origin. */
export const API_BASE: string =
  TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');

/** The demo-account login: always in H5 (it has no other login), elsewhere only when switched on. */
export const DEV_LOGIN_ENABLED: boolean = TARO_ENV === 'h5' || process.env.TARO_APP_DEV_LOGIN === 'true';

/** True in the H5 build, which runs in a browser served by the API. */
export const IS_H5: boolean = TARO_ENV === 'h5';

/** True in the WeChat mini-program build. */
export const IS_WEAPP: boolean = TARO_ENV === 'weapp';
