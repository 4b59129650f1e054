import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, CellGroup, Input, Toast } from '@nutui/nutui-react-taro';
import { MemberStatus, VERIFICATION_STATUS_LABELS, type CheckCardResponse } from '@smartunion/contracts';

import { showError, showFailure, TOAST_ID } from '../../../components/feedback';
import { requireSession } from '../../../services/auth';
import { formatDateTime } from '../../../services/format';
import { CAN_SCAN, scanText } from '../../../services/join-code';
import { checkCard } from '../../../services/membership-review';

import './index.scss';

/** 会员码核验: a station master, merchant or cadre checks the QR on a member's card. */
export default function CardCheckPage(): ReactNode {
  const [token, setToken] = useState('');
  const [result, setResult] = useState<CheckCardResponse | null>(null);
  const [checking, setChecking] = useState(false);

  useDidShow(() => {
    void requireSession();
  });

  async function check(raw: string): Promise<void> {
    const value = raw.trim();
    if (checking) return;
    if (!value) {
      showFailure('请扫描或粘贴会员码');
      return;
    }
    setChecking(true);
    setResult(null);
    try {
      setResult(await checkCard(value));
    } catch (error) {
      showError(error);
    } finally {
      setChecking(false);
    }
  }

  async function scan(): Promise<void> {
    const text = await scanText();
    if (text === null) return;
    setToken(text);
    await check(text);
  }

  const active = result?.status === MemberStatus.Active;
  return (
    <View className="page card-check">
      <CellGroup title="会员码" description="请会员打开「我的 - 会员卡」出示二维码，二维码 2 分钟内有效">
        <View className="card-check-input">
          <Input className="card-check-token" placeholder="粘贴会员码" value={token} onChange={setToken} />
          <Button
            className="card-check-submit"
            type="primary"
            size="small"
            loading={checking}
            onClick={() => void check(token)}
          >
            核验
          </Button>
        </View>
      </CellGroup>
      {CAN_SCAN && (
        <View className="su-actions">
          <Button className="card-check-scan" type="primary" block onClick={() => void scan()}>
            扫码核验
          </Button>
        </View>
      )}
      {result && (
        <View className={`su-card card-check-result${active ? '' : ' card-check-result--inactive'}`}>
          <View className="card-check-verdict">{active ? '有效会员' : '已不是会员'}</View>
          <View className="su-card-title card-check-name">
            {result.name} · {result.memberNo}
          </View>
          <View className="su-card-line card-check-org">{result.org.name}</View>
          <View className="su-card-line">{VERIFICATION_STATUS_LABELS[result.verification]}</View>
          <View className="su-card-line">核验时间 {formatDateTime(result.checkedAt)}</View>
        </View>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}
