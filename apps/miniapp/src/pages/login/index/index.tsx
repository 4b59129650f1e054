import { useState, type ReactNode } from 'react';
import { Text, View, type ButtonProps, type CommonEventFunction } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Checkbox, Empty, Toast } from '@nutui/nutui-react-taro';
import { LoginProvider } from '@smartunion/contracts';

import type { AgreementKey } from '../../../components/agreement-texts';
import { showError, showFailure, TOAST_ID } from '../../../components/feedback';
import { AgreementDialog, AgreementLinks, PrivacyConsentDialog } from '../../../components/privacy-consent';
import { loginWithDemoAccount, loginWithPlatform, loginWithPlatformPhone } from '../../../services/auth';
import { DEV_LOGIN_ENABLED, IS_WEAPP, PLATFORM_LOGIN_PROVIDER } from '../../../services/env';
import { hasConsented, recordConsent } from '../../../services/privacy';
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

const CONSENT_NEEDED = '请先阅读并勾选同意《用户服务协议》和《隐私政策》';

export default function LoginPage(): ReactNode {
  // The key of the login in progress ('platform', 'phone' or a demo key): one at a time.
  const [busy, setBusy] = useState<string | null>(null);
  // Asked once: a user who agreed before (here or in the privacy dialog) finds the box ticked.
  const [agreed, setAgreed] = useState(hasConsented);
  // Set when a login was tapped without the box ticked: the agreement line is highlighted until it is.
  const [reminded, setReminded] = useState(false);
  const [reading, setReading] = useState<AgreementKey | null>(null);

  function agree(checked: boolean): void {
    setAgreed(checked);
    recordConsent(checked);
    if (checked) setReminded(false);
  }

  /** No login before the agreements are accepted: say so and point at the box. */
  function consentGiven(): boolean {
    if (agreed) return true;
    setReminded(true);
    showFailure(CONSENT_NEEDED);
    return false;
  }

  async function run(id: string, attempt: () => Promise<unknown>): Promise<void> {
    if (busy || !consentGiven()) return;
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

  // WeChat hands the number over only from a button with open-type getPhoneNumber, after the user allows it.
  const onPhoneNumber: CommonEventFunction<ButtonProps.onGetPhoneNumberEventDetail> = (event) => {
    const { code } = event.detail;
    // No code: the user declined WeChat's sheet, or the account cannot use it; the plain login stays.
    if (!code) {
      showFailure('未获取到手机号，可使用微信一键登录');
      return;
    }
    void run('phone', () => loginWithPlatformPhone(code));
  };

  return (
    <View className="page login">
      <View className="login-hero">
        <Text className="login-title">智慧工会</Text>
        <Text className="login-subtitle">登录后使用会员服务</Text>
      </View>

      {platformLabel ? (
        <View className="login-platform">
          {IS_WEAPP ? (
            // Until the agreements are accepted it is a plain button that says so, not WeChat's number sheet.
            <Button
              className="login-phone-button"
              type="primary"
              block
              loading={busy === 'phone'}
              openType={agreed && !busy ? 'getPhoneNumber' : undefined}
              onGetPhoneNumber={onPhoneNumber}
              onClick={() => void consentGiven()}
            >
              手机号快捷登录
            </Button>
          ) : null}
          <Button
            className="login-platform-button"
            type={IS_WEAPP ? 'default' : 'primary'}
            block
            loading={busy === 'platform'}
            onClick={() => void run('platform', loginWithPlatform)}
          >
            {platformLabel}
          </Button>
        </View>
      ) : null}

      <View className={`login-consent${reminded ? ' login-consent--reminded' : ''}`}>
        <Checkbox className="login-consent-check" checked={agreed} onChange={agree} />
        <View className="login-consent-text">
          <Text onClick={() => agree(!agreed)}>我已阅读并同意</Text>
          <AgreementLinks onOpen={setReading} />
        </View>
      </View>

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

      <AgreementDialog agreement={reading} onClose={() => setReading(null)} />
      <PrivacyConsentDialog />
      <Toast id={TOAST_ID} />
    </View>
  );
}
