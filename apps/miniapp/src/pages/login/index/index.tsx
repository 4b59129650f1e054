import { useState, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Empty, Toast } from '@nutui/nutui-react-taro';
import { LoginProvider } from '@smartunion/contracts';

import { showError, TOAST_ID } from '../../../components/feedback';
import { loginWithDemoAccount, loginWithPlatform } from '../../../services/auth';
import { DEV_LOGIN_ENABLED, PLATFORM_LOGIN_PROVIDER } from '../../../services/env';
import { Routes, TAB_ROUTES } from '../../../services/routes';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts';

import './index.scss';

const PLATFORM_LOGIN_LABEL: Partial<Record<LoginProvider, string>> = {
  [LoginProvider.Wechat]: '微信一键登录',
  [LoginProvider.Alipay]: '支付宝一键登录',
};

/** The route of the page under the login page ('' when login is the only page: a reLaunch, a deep link). */
function previousRoute(): string {
  const pages = Taro.getCurrentPages();
  return pages.length > 1 ? (pages[pages.length - 2].route ?? '') : '';
}

/**
 * Back to the page that sent the user here (the join page of a scanned code, a page whose session ran out),
 * which reloads as it shows again; from a tab, or with nothing behind, to 我的.
 */
async function returnAfterLogin(): Promise<void> {
  const previous = previousRoute();
  if (previous && !TAB_ROUTES.some((route) => previous.includes(route.slice(1)))) {
    await Taro.navigateBack();
    return;
  }
  await Taro.switchTab({ url: Routes.Mine });
}

/**
 * 暂不登录: the way out that never depends on a Back button (a login page opened by reLaunch has nothing behind
 * it, and no tab bar). The page underneath shows what it can without a login and does not send the user back.
 */
function leaveWithoutLogin(): void {
  const next = previousRoute() ? Taro.navigateBack() : Taro.switchTab({ url: Routes.Home });
  next.catch(() => void Taro.reLaunch({ url: Routes.Home }));
}

export default function LoginPage(): ReactNode {
  // The key of the login in progress ('platform' or a demo key): one at a time.
  const [busy, setBusy] = useState<string | null>(null);

  async function run(id: string, attempt: () => Promise<unknown>): Promise<void> {
    if (busy) return;
    setBusy(id);
    try {
      await attempt();
      await returnAfterLogin();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  const platformLabel = PLATFORM_LOGIN_PROVIDER ? PLATFORM_LOGIN_LABEL[PLATFORM_LOGIN_PROVIDER] : undefined;

  return (
    <View className="page login">
      <View className="login-hero">
        <Text className="login-title">智慧工会</Text>
        <Text className="login-subtitle">登录后使用会员服务</Text>
      </View>

      {platformLabel ? (
        <View className="login-platform">
          <Button
            className="login-platform-button"
            type="primary"
            block
            loading={busy === 'platform'}
            onClick={() => void run('platform', loginWithPlatform)}
          >
            {platformLabel}
          </Button>
        </View>
      ) : null}

      {DEV_LOGIN_ENABLED ? (
        <CellGroup title="演示账号" description="选择一个演示身份登录，仅用于开发和演示环境">
          {DEMO_ACCOUNTS.map((account: DemoAccount) => (
            <Cell
              key={account.key}
              className={`login-demo login-demo--${account.tag}`}
              title={account.label}
              extra={busy === account.key ? '登录中…' : account.key}
              clickable
              onClick={() => void run(account.key, () => loginWithDemoAccount(account.key))}
            />
          ))}
        </CellGroup>
      ) : null}

      {!platformLabel && !DEV_LOGIN_ENABLED ? <Empty description="当前环境暂不支持登录" /> : null}

      <View className="login-skip" onClick={leaveWithoutLogin}>
        暂不登录，先随便看看
      </View>

      <Toast id={TOAST_ID} />
    </View>
  );
}
