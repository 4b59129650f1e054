import type { FactoryProvider } from '@nestjs/common';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AlipayLoginClient } from './providers/alipay.client';
import type { LoginProviderClient, PhoneNumberClient } from './providers/login-provider.port';
import { WechatLoginClient } from './providers/wechat.client';

export const LOGIN_PROVIDERS = Symbol('LOGIN_PROVIDERS');

export interface ConfiguredProvider {
  appId: string;
  client: LoginProviderClient;
  /** Where the platform vouches for a user's mobile number (WeChat's getPhoneNumber button). */
  phone?: PhoneNumberClient;
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
      wechat: wechat && wechatProvider(new WechatLoginClient({ ...wechat, timeoutMs }), wechat.appId),
      alipay: alipay && { appId: alipay.appId, client: new AlipayLoginClient({ ...alipay, timeoutMs }) },
    };
  },
};

function wechatProvider(client: WechatLoginClient, appId: string): ConfiguredProvider {
  return { appId, client, phone: client };
}
