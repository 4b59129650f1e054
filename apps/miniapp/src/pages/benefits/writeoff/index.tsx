import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  type MyMerchantsResponse,
  type WriteOffListResponse,
  type WriteOffRefusalDetails,
  type WriteOffResponse,
} from '@smartunion/contracts';

import { CodeEntry } from '../../../components/code-entry';
import { errorMessage, showFailure, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { unlessRefused, usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { listMyMerchants, listTodayWriteOffs, writeOffCoupon } from '../../../services/benefits';
import { formatDateTime } from '../../../services/format';
import { newRequestId } from '../../../services/stations';
import { TodayList } from './today-list';

import './index.scss';

const WRITEOFF_ENTRY = {
  row: 'writeoff-input',
  input: 'writeoff-code',
  submit: 'writeoff-submit',
  scan: 'writeoff-scan',
};

type Store = MyMerchantsResponse['items'][number]['stores'][number];
type Verdict =
  | { ok: true; result: WriteOffResponse }
  | { ok: false; message: string; couponTitle?: string; usedAt?: string; usedWhere?: string };

/** Refusal details carry the attempt; only these fields are shown. */
function refusalOf(details: unknown): Partial<WriteOffRefusalDetails> {
  return typeof details === 'object' && details !== null ? details : {};
}

/**
 * 优惠券核销: the merchant's counter (H5 in a browser, or the mini-program). The cashier scans the member's
 * coupon QR (Taro.scanCode) or types the 8-digit code beside it, and sees the verdict — the coupon and the
 * member's masked name, or why it was refused (a used coupon: 已核销, when and where) — with today's attempts
 * underneath. A retry after a dropped answer reuses the attempt's requestId, so it answers the first success
 * instead of "already used".
 */
export default function WriteOffPage(): ReactNode {
  const [storeId, setStoreId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ code: string; requestId: string } | null>(null);

  const page = usePageData(
    async (): Promise<{ merchant: boolean; stores: Store[]; today: WriteOffListResponse | null }> => {
      const [mine, today] = await Promise.all([
        unlessRefused(listMyMerchants(), ErrorCode.NotAMerchant, ErrorCode.Forbidden),
        listTodayWriteOffs().catch(() => null),
      ]);
      if (!mine?.items.length) return { merchant: false, stores: [], today: null };
      const stores = mine.items.flatMap((m) => m.stores);
      setStoreId((current) => current ?? stores[0]?.id ?? null);
      return { merchant: true, stores, today };
    },
    { login: '登录后核销会员出示的优惠券' },
  );

  async function submit(raw: string): Promise<void> {
    const value = raw.trim();
    if (busy) return;
    if (!value) {
      showFailure('请输入会员报出的 8 位券码，或扫描券码二维码');
      return;
    }
    if (attempt.current?.code !== value) attempt.current = { code: value, requestId: newRequestId() };
    setBusy(true);
    setVerdict(null);
    try {
      const result = await writeOffCoupon({
        code: value,
        storeId: storeId ?? undefined,
        requestId: attempt.current.requestId,
      });
      setVerdict({ ok: true, result });
      setCode('');
      attempt.current = null;
    } catch (error) {
      const noAnswer = isApiError(error) && error.status === 0;
      if (!noAnswer) attempt.current = null;
      const details = isApiError(error) ? refusalOf(error.details) : {};
      setVerdict({
        ok: false,
        message: errorMessage(error),
        couponTitle: details.couponTitle,
        usedAt: details.result === 'already_used' ? details.usedAt : undefined,
        usedWhere: details.usedStore?.name ?? details.merchantName,
      });
    } finally {
      setBusy(false);
    }
    const today = await listTodayWriteOffs().catch(() => null);
    page.setState((prev) => (prev.status === 'ready' && today ? { ...prev, today } : prev));
  }

  return (
    <View className="page writeoff">
      <PageBody
        page={page}
        failedClassName="writeoff-failed"
        empty={{
          when: (ready) => !ready.merchant,
          className: 'writeoff-not-merchant',
          title: '您的账号未绑定商户',
          description: '请联系工会将账号绑定为合作商户的核销员',
        }}
      >
        {(state) => (
          <>
            {state.stores.length > 1 && (
              <View className="writeoff-stores">
                {state.stores.map((s) => (
                  <View
                    key={s.id}
                    className={`writeoff-store${s.id === storeId ? ' writeoff-store--active' : ''}`}
                    onClick={() => setStoreId(s.id)}
                  >
                    {s.name}
                  </View>
                ))}
              </View>
            )}
            <CodeEntry
              title="券码"
              description="请会员打开「我的优惠券」出示券码：输入二维码下方的 8 位数字，或扫描二维码；3 分钟内有效"
              placeholder="输入 8 位券码"
              code={code}
              busy={busy}
              classes={WRITEOFF_ENTRY}
              onChange={setCode}
              onSubmit={submit}
            />
            {verdict && <VerdictCard verdict={verdict} />}
            {state.today && <TodayList today={state.today} />}
          </>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function VerdictCard({ verdict }: { verdict: Verdict }): ReactNode {
  if (verdict.ok) {
    const r = verdict.result;
    return (
      <View className="su-card writeoff-result writeoff-result--ok">
        <View className="writeoff-verdict">核销成功</View>
        <View className="su-card-title writeoff-coupon">
          {r.coupon.title} · {r.coupon.valueLabel}
        </View>
        <View className="su-card-line writeoff-member">会员 {r.memberName}</View>
        <View className="su-card-line">
          {r.merchant.name}
          {r.store ? ` · ${r.store.name}` : ''}
        </View>
      </View>
    );
  }
  // Used before: 已核销, with when and where, so the cashier can tell the member.
  if (verdict.usedAt) {
    return (
      <View className="su-card writeoff-result writeoff-result--refused writeoff-result--used">
        <View className="writeoff-verdict">已核销</View>
        {verdict.couponTitle && <View className="su-card-title writeoff-coupon">{verdict.couponTitle}</View>}
        <View className="su-card-line writeoff-used">
          {formatDateTime(verdict.usedAt)} 于 {verdict.usedWhere ?? '本商户'} 核销，不能重复使用
        </View>
      </View>
    );
  }
  return (
    <View className="su-card writeoff-result writeoff-result--refused">
      <View className="writeoff-verdict">{verdict.message}</View>
      {verdict.couponTitle && <View className="su-card-title writeoff-coupon">{verdict.couponTitle}</View>}
    </View>
  );
}
