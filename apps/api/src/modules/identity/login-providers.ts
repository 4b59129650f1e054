import type { FactoryProvider } from '@nestjs/common';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AlipayLoginClient } from './providers/alipay.client';
import type { LoginProviderClient } from './providers/login-provider.port';
import { WechatLoginClient } from './providers/wechat.client';

export const LOGIN_PROVIDERS = Symbol('LOGIN_PROVIDERS');

export interface ConfiguredProvider {
  appId: string;
  client: LoginProviderClient;
}

/** The external login providers this deployment is configured for; a missing one is disabled. */
export type LoginProviders = Partial<Record<'wechat' | 'alipay', ConfiguredProvider>>;

export const loginProvidersProvider: FactoryProvider<LoginProviders> = {
  provide: LOGIN_PROVIDERS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): LoginProviders => {
    const timeoutMs = config.auth.providerTimeoutMs;
    const { wechat, alipay } = config.auth;
    return {
      wechat: wechat && { appId: wechat.appId, client: new WechatLoginClient({ ...wechat, timeoutMs }) },
      alipay: alipay && { appId: alipay.appId, client: new AlipayLoginClient({ ...alipay, timeoutMs }) },
    };
  },
};
