import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Cell, CellGroup, Picker, Progress, Switch, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  FLASH_DROP_STATUS_LABELS,
  type CouponTemplateResponse,
  type FieldError as ApiFieldError,
  type FlashDropResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import {
  EmptyState,
  FailedState,
  FieldError,
  LoadingState,
  type LoadState,
} from '../../../components/page-state';
import { isApiError } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { cancelFlashDrop, createFlashDrop, flashTemplates, listFlashDrops } from '../../../services/flash';
import { formatDateTime } from '../../../services/format';

import './index.scss';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const HOUR_MS = 3600_000;
const WHEN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

type FieldName = 'template' | 'title' | 'stock' | 'limit' | 'startsAt' | 'endsAt';
type Errors = Partial<Record<FieldName, string>>;

interface Form {
  template: CouponTemplateResponse | null;
  title: string;
  stock: string;
  limit: string;
  startsAt: string;
  endsAt: string;
  verifiedOnly: boolean;
}

/** `YYYY-MM-DD HH:mm` in China time. */
function toBeijing(ms: number): string {
  const s = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** `YYYY-MM-DD HH:mm` read as China time, or null. */
function fromBeijing(text: string): number | null {
  const m = WHEN.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi) - SHANGHAI_OFFSET_MS;
  return Number.isNaN(ms) || toBeijing(ms) !== text.trim() ? null : ms;
}

function emptyForm(): Form {
  const start = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  return {
    template: null,
    title: '',
    stock: '100',
    limit: '1',
    startsAt: toBeijing(start),
    endsAt: toBeijing(start + 2 * HOUR_MS),
    verifiedOnly: false,
  };
}

/** What to say about a field the API refused (its reasons are English, for developers). */
const SERVER_FIELDS: Readonly<Record<string, [FieldName, string]>> = {
  templateId: ['template', '请选择优惠券'],
  title: ['title', '名称应为 2–60 个字'],
  stock: ['stock', '数量应为正整数'],
  perMemberLimit: ['limit', '每人限领 1–10 张'],
  startsAt: ['startsAt', '开始时间须晚于现在，且在优惠券有效期内'],
  endsAt: ['endsAt', '结束时间须晚于开始时间，且不超过 31 天'],
};

function check(form: Form): Errors {
  const errors: Errors = {};
  if (!form.template) errors.template = '请选择优惠券';
  if (form.title.trim().length < 2 || form.title.trim().length > 60) errors.title = '名称应为 2–60 个字';
  if (!/^[1-9]\d{0,6}$/.test(form.stock)) errors.stock = '数量应为正整数';
  else if (form.template && Number(form.stock) > form.template.remaining) {
    errors.stock = `该优惠券仅剩 ${form.template.remaining} 张可安排`;
  }
  if (!/^([1-9]|10)$/.test(form.limit)) errors.limit = '每人限领 1–10 张';
  const start = fromBeijing(form.startsAt);
  const end = fromBeijing(form.endsAt);
  if (start === null) errors.startsAt = '格式：2026-12-01 20:00';
  else if (start <= Date.now()) errors.startsAt = '开始时间须晚于现在';
  if (end === null) errors.endsAt = '格式：2026-12-01 22:00';
  else if (start !== null && end <= start) errors.endsAt = '结束时间须晚于开始时间';
  return errors;
}

type PageState = LoadState<{ drops: FlashDropResponse[]; templates: CouponTemplateResponse[] }>;

/** 秒杀管理: the flash drops of the caller's scope with their progress, and a new drop from a coupon template. */
export default function FlashDropsPage(): ReactNode {
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<Form>(emptyForm);
  const [errors, setErrors] = useState<Errors>({});
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const [drops, templates] = await Promise.all([listFlashDrops({ pageSize: 50 }), flashTemplates()]);
      setState({ status: 'ready', drops: drops.items, templates: templates.items });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  function set<K extends keyof Form>(key: K, value: Form[K]): void {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  }

  async function submit(): Promise<void> {
    const found = check(form);
    setErrors(found);
    if (Object.keys(found).length > 0 || !form.template || busy) return;
    setBusy(true);
    try {
      await createFlashDrop({
        templateId: form.template.id,
        orgId: form.template.org.id,
        title: form.title.trim(),
        stock: Number(form.stock),
        perMemberLimit: Number(form.limit),
        startsAt: new Date(fromBeijing(form.startsAt) ?? 0).toISOString(),
        endsAt: new Date(fromBeijing(form.endsAt) ?? 0).toISOString(),
        verifiedOnly: form.verifiedOnly,
      });
      showSuccess('秒杀已安排');
      setCreating(false);
      setForm(emptyForm());
      await load();
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.ValidationFailed && Array.isArray(error.details)) {
        const server: Errors = {};
        for (const d of error.details as ApiFieldError[]) {
          const known = SERVER_FIELDS[d.field];
          if (known) server[known[0]] = known[1];
        }
        setErrors(server);
      }
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  async function cancel(drop: FlashDropResponse): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      await cancelFlashDrop(drop.id);
      showSuccess('已取消，库存已退回优惠券');
      await load();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'failed') {
    return (
      <View className="page flash-admin">
        <FailedState className="flash-admin-failed" message={state.message} onRetry={() => void load()} />
        <Toast id={TOAST_ID} />
      </View>
    );
  }
  const options = [
    state.templates.map((t) => ({
      value: t.id,
      label: `${t.title}（${t.merchant.name}，可安排 ${t.remaining}）`,
    })),
  ];
  return (
    <View className="page flash-admin">
      {!creating && (
        <View className="su-actions">
          <Button className="flash-admin-new" type="primary" block onClick={() => setCreating(true)}>
            新建秒杀
          </Button>
        </View>
      )}
      {creating && (
        <View className="flash-admin-form">
          <CellGroup>
            <Cell
              className="flash-admin-template"
              title="优惠券"
              extra={form.template ? form.template.title : '请选择'}
              clickable
              onClick={() => setPicking(true)}
            />
          </CellGroup>
          <FieldError name="template" message={errors.template} />
          <LabeledInput
            form="flash-admin"
            name="title"
            label="秒杀名称"
            value={form.title}
            error={errors.title}
            onChange={(v) => set('title', v)}
            inputProps={{ placeholder: '如：周五午间秒杀', maxLength: 60 }}
          />
          <LabeledInput
            form="flash-admin"
            name="stock"
            label="秒杀数量"
            value={form.stock}
            error={errors.stock}
            onChange={(v) => set('stock', v)}
            inputProps={{ type: 'digit' }}
          />
          <LabeledInput
            form="flash-admin"
            name="limit"
            label="每人限抢"
            value={form.limit}
            error={errors.limit}
            onChange={(v) => set('limit', v)}
            inputProps={{ type: 'digit' }}
          />
          <LabeledInput
            form="flash-admin"
            name="startsAt"
            label="开抢时间"
            value={form.startsAt}
            error={errors.startsAt}
            onChange={(v) => set('startsAt', v)}
            inputProps={{ placeholder: 'YYYY-MM-DD HH:mm（北京时间）' }}
          />
          <LabeledInput
            form="flash-admin"
            name="endsAt"
            label="结束时间"
            value={form.endsAt}
            error={errors.endsAt}
            onChange={(v) => set('endsAt', v)}
            inputProps={{ placeholder: 'YYYY-MM-DD HH:mm（北京时间）' }}
          />
          <CellGroup>
            <Cell
              className="flash-admin-verified"
              title="仅限实名会员"
              extra={<Switch checked={form.verifiedOnly} onChange={(value) => set('verifiedOnly', value)} />}
            />
          </CellGroup>
          <View className="su-note">
            面向{form.template ? `「${form.template.org.name}」` : '优惠券所属组织'}
            及下级工会的会员；秒杀数量从优惠券库存中预留，未抢完的在结束后退回。
          </View>
          <View className="su-actions flash-admin-form-actions">
            <Button
              className="flash-admin-submit"
              type="primary"
              block
              loading={busy}
              onClick={() => void submit()}
            >
              安排秒杀
            </Button>
            <Button block onClick={() => setCreating(false)}>
              取消
            </Button>
          </View>
          <Picker
            title="选择优惠券"
            visible={picking}
            options={options}
            value={[form.template?.id ?? state.templates[0]?.id ?? '']}
            onConfirm={(_, values) => {
              const template = state.templates.find((t) => t.id === values[0]) ?? null;
              set('template', template);
              if (template && !form.title) set('title', `${template.title} 限时秒杀`.slice(0, 60));
            }}
            onClose={() => setPicking(false)}
          />
        </View>
      )}
      <View className="su-section-title">管理范围内的秒杀</View>
      {state.drops.length === 0 && (
        <EmptyState className="flash-admin-empty" title="暂无秒杀" description="从优惠券安排一场限时秒杀" />
      )}
      {state.drops.map((d) => (
        <DropCard key={d.id} drop={d} busy={busy} onCancel={() => void cancel(d)} />
      ))}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function DropCard({
  drop,
  busy,
  onCancel,
}: {
  drop: FlashDropResponse;
  busy: boolean;
  onCancel: () => void;
}): ReactNode {
  const taken = drop.stock - drop.remaining;
  const percent = Math.round((taken / drop.stock) * 1000) / 10;
  const report = drop.reconciliation;
  return (
    <View className={`su-card flash-admin-drop flash-admin-drop--${drop.status}`}>
      <View className="flash-admin-drop-head">
        <View className="su-card-title flash-admin-drop-title">{drop.title}</View>
        <View className={`flash-admin-status flash-admin-status--${drop.status}`}>
          {FLASH_DROP_STATUS_LABELS[drop.status]}
        </View>
      </View>
      <View className="su-card-line">
        {drop.template.valueLabel} · {drop.template.merchant.name} · {drop.org.name}
      </View>
      <View className="su-card-line">
        {formatDateTime(drop.startsAt)} 至 {formatDateTime(drop.endsAt)} · 每人限 {drop.perMemberLimit} 张
        {drop.verifiedOnly ? ' · 限实名' : ''}
      </View>
      <View className="flash-admin-progress">
        <View className="su-card-line flash-admin-counts">
          已抢 {taken} / {drop.stock} 张（{percent}%）· 已入库 {drop.granted}
          {drop.audienceSize !== null ? ` · 可抢会员 ${drop.audienceSize} 人` : ''}
        </View>
        <Progress percent={percent} strokeWidth="8" />
      </View>
      {report && (
        <View className="su-card-line flash-admin-report">
          已对账：发放 {report.databaseCoupons} 张，退回 {report.returned} 张
          {report.conflictCount > 0 ? `，差异 ${report.conflictCount} 条` : '，无差异'}
        </View>
      )}
      {drop.status === 'upcoming' && (
        <View className="su-card-actions">
          <Button className="flash-admin-cancel" size="small" disabled={busy} onClick={onCancel}>
            取消秒杀
          </Button>
        </View>
      )}
    </View>
  );
}
