import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  type WelfareAlreadyPickedUpDetails,
  type WelfarePickupResponse,
} from '@smartunion/contracts';

import { CodeEntry } from '../../../components/code-entry';
import { errorMessage, showFailure, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { formatDateTime } from '../../../services/format';
import { pickUp, pickupStations } from '../../../services/welfare';

import './index.scss';

const PICKUP_ENTRY = {
  row: 'welfare-code',
  input: 'welfare-code-input',
  submit: 'welfare-submit',
  scan: 'welfare-scan',
};

type Verdict =
  | { ok: true; pickup: WelfarePickupResponse }
  | { ok: false; headline: string; message: string; detail?: string };

/** The refusal as the desk reads it; an earlier pick-up is 已领取, with when and where. */
function refusal(error: unknown): Verdict {
  if (isApiError(error) && error.code === ErrorCode.WelfareAlreadyPickedUp) {
    const details = error.details as WelfareAlreadyPickedUpDetails | undefined;
    const when = details?.pickedUpAt ? formatDateTime(details.pickedUpAt) : '';
    return {
      ok: false,
      headline: '已领取',
      message: error.message,
      detail: `${when} 于 ${details?.station?.name ?? '驿站'} 领取，不能重复发放`,
    };
  }
  return { ok: false, headline: '不能发放', message: errorMessage(error) };
}

/**
 * 福利发放核销: a station master or cadre hands out welfare goods (智送清凉) against the member's pick-up QR,
 * scanned, or the 8-digit code beside it, typed. A share handed out before is refused as 已领取, when and where.
 */
export default function WelfarePickupPage(): ReactNode {
  const [stationId, setStationId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);

  const page = usePageData(
    async () => {
      const { items } = await pickupStations();
      setStationId((current) => (items.some((s) => s.id === current) ? current : (items[0]?.id ?? null)));
      return { stations: items };
    },
    { login: true },
  );

  async function submit(raw: string): Promise<void> {
    const value = raw.trim();
    if (busy || !stationId) return;
    if (!value) {
      showFailure('请输入会员报出的 8 位领取码，或扫描领取码二维码');
      return;
    }
    setBusy(true);
    setVerdict(null);
    try {
      setVerdict({ ok: true, pickup: await pickUp(value, stationId) });
      setCode('');
    } catch (error) {
      setVerdict(refusal(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page welfare-pickup">
      <PageBody
        page={page}
        failedClassName="welfare-pickup-failed"
        empty={{
          when: (ready) => ready.stations.length === 0,
          className: 'welfare-pickup-empty',
          title: '暂无发放中的福利',
          description: '您负责或管理的驿站被设为福利领取点后，可在这里核销',
        }}
      >
        {(state) => (
          <>
            <CellGroup title="发放驿站">
              {state.stations.map((s) => (
                <Cell
                  key={s.id}
                  className={`welfare-pickup-station${s.id === stationId ? ' welfare-pickup-station--selected' : ''}`}
                  title={s.name}
                  description={s.campaigns.map((c) => c.title).join('、')}
                  extra={s.id === stationId ? '当前驿站' : ''}
                  clickable
                  onClick={() => setStationId(s.id)}
                />
              ))}
            </CellGroup>
            <CodeEntry
              title="福利领取码"
              description="请会员打开「我的 - 我的福利」出示领取码：输入二维码下方的 8 位数字，或扫描二维码；2 分钟内有效"
              placeholder="输入 8 位领取码"
              code={code}
              busy={busy}
              classes={PICKUP_ENTRY}
              onChange={setCode}
              onSubmit={submit}
            />
            {verdict && <VerdictCard verdict={verdict} />}
          </>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function VerdictCard({ verdict }: { verdict: Verdict }): ReactNode {
  if (!verdict.ok) {
    return (
      <View className="su-card welfare-result welfare-result--refused">
        <View className="welfare-verdict">{verdict.headline}</View>
        <View className="su-card-title welfare-reason">{verdict.message}</View>
        {verdict.detail && <View className="su-card-line welfare-picked-detail">{verdict.detail}</View>}
      </View>
    );
  }
  const p = verdict.pickup;
  return (
    <View className="su-card welfare-result welfare-result--ok">
      <View className="welfare-verdict">核销成功，请发放</View>
      <View className="su-card-title welfare-result-goods">
        {p.campaign.goods} × {p.quantity} {p.campaign.unit}
      </View>
      <View className="su-card-line welfare-result-member">
        {p.memberName} · {p.memberOrg.name}
      </View>
      <View className="su-card-line">{p.campaign.title}</View>
      <View className="su-card-line">
        {p.station.name} · {formatDateTime(p.pickedUpAt)}
      </View>
    </View>
  );
}
