import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  MEMBER_CARD_TTL_SECONDS,
  VERIFICATION_STATUS_LABELS,
  VerificationStatus,
  type MemberCardResponse,
  type MemberEventResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { unlessRefused, usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { formatDate, formatDateTime } from '../../../services/format';
import { getCard, getMyEvents, verifyMe } from '../../../services/membership';
import { Routes } from '../../../services/routes';

import './index.scss';

/**
 * The QR is renewed this long before it lapses. Timed from receipt, not from qrExpiresAt: the token lives the
 * TTL from its issue a moment earlier, and the device clock may be off.
 */
const REFRESH_AHEAD_MS = 15_000;
const REFRESH_AFTER_MS = MEMBER_CARD_TTL_SECONDS * 1000 - REFRESH_AHEAD_MS;

const EVENT_LABELS: Readonly<Record<MemberEventResponse['kind'], string>> = {
  joined: '扫码入会',
  imported: '名册导入入会',
  founded: '发起建会入会',
  transferred: '组织关系转入',
  verified: '完成实名认证',
  left: '退出工会',
};

type CardData = { member: false } | { member: true; card: MemberCardResponse; events: MemberEventResponse[] };

export default function CardPage(): ReactNode {
  const [shown, setShown] = useState(true);
  const [qrFailed, setQrFailed] = useState(false);
  const [verifying, setVerifying] = useState(false);

  const page = usePageData(
    async (): Promise<CardData> => {
      const answer = await unlessRefused(Promise.all([getCard(), getMyEvents()]), ErrorCode.NotAMember);
      if (!answer) return { member: false };
      setQrFailed(false);
      return { member: true, card: answer[0], events: answer[1] };
    },
    { login: '登录后出示你的会员卡' },
  );
  const { state, setState } = page;

  const refreshQr = useCallback(async (): Promise<void> => {
    try {
      const card = await getCard();
      setQrFailed(false);
      setState((prev) => (prev.status === 'ready' && prev.member ? { ...prev, card } : prev));
    } catch {
      setQrFailed(true);
    }
  }, [setState]);

  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));

  // A new QR shortly before each one lapses, while the card is on screen.
  const qrToken = state.status === 'ready' && state.member ? state.card.qrToken : null;
  useEffect(() => {
    if (!qrToken || !shown) return undefined;
    const timer = setTimeout(() => void refreshQr(), REFRESH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [qrToken, shown, refreshQr]);

  async function verify(): Promise<void> {
    if (verifying) return;
    setVerifying(true);
    try {
      const result = await verifyMe();
      if (result.verification === VerificationStatus.Verified) showSuccess('实名认证成功');
      setState((prev) =>
        prev.status === 'ready' && prev.member
          ? { ...prev, card: { ...prev.card, verification: result.verification } }
          : prev,
      );
    } catch (error) {
      showError(error);
      if (isApiError(error) && error.code === ErrorCode.VerificationMismatch) {
        setState((prev) =>
          prev.status === 'ready' && prev.member
            ? { ...prev, card: { ...prev.card, verification: VerificationStatus.Mismatch } }
            : prev,
        );
      }
    } finally {
      setVerifying(false);
    }
  }

  return (
    <View className="page card">
      <PageBody
        page={page}
        failedClassName="card-failed"
        empty={{
          when: (ready) => !ready.member,
          className: 'card-not-member',
          title: '您还不是工会会员',
          description: '扫码入会，审核通过后即可领取会员卡',
          children: (
            <Button
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: Routes.MembershipStatus })}
            >
              查看入会申请
            </Button>
          ),
        }}
      >
        {(ready) =>
          ready.member && (
            <CardBody
              card={ready.card}
              events={ready.events}
              actions={{
                refreshQr: () => void refreshQr(),
                verify: () => void verify(),
                qrFailed,
                verifying,
              }}
            />
          )
        }
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

interface Actions {
  refreshQr: () => void;
  verify: () => void;
  qrFailed: boolean;
  verifying: boolean;
}

function CardBody({
  card,
  events,
  actions,
}: {
  card: MemberCardResponse;
  events: MemberEventResponse[];
  actions: Actions;
}): ReactNode {
  const verified = card.verification === VerificationStatus.Verified;
  return (
    <View>
      <View className="card-face">
        <View className="card-title">中华全国总工会会员</View>
        <View className="card-name">{card.name}</View>
        <View className="card-no">{card.memberNo}</View>
        <View className="card-union">{card.org.name}</View>
        <View className="card-joined">入会时间 {formatDate(card.joinedAt)}</View>
        <View className="card-verification">{VERIFICATION_STATUS_LABELS[card.verification]}</View>
      </View>

      <View className="card-qr">
        <Image className="card-qr-image" src={card.qrDataUrl} />
        <View className="card-qr-hint">在驿站或商户出示此码核验会员身份，二维码自动刷新</View>
        {actions.qrFailed && (
          <View className="card-qr-error" onClick={actions.refreshQr}>
            二维码刷新失败，点此重试
          </View>
        )}
      </View>

      {!verified && (
        <View className="su-actions">
          <Button
            className="card-verify"
            type="primary"
            block
            loading={actions.verifying}
            onClick={actions.verify}
          >
            实名认证
          </Button>
        </View>
      )}

      <CellGroup title="会籍记录">
        {events.length === 0 && <Cell title="暂无记录" />}
        {events.map((event) => (
          <Cell
            key={`${event.kind}:${event.at}`}
            className="card-event"
            title={EVENT_LABELS[event.kind]}
            description={event.fromOrg ? `${event.fromOrg.name} → ${event.org.name}` : event.org.name}
            extra={formatDateTime(event.at)}
          />
        ))}
      </CellGroup>
    </View>
  );
}
