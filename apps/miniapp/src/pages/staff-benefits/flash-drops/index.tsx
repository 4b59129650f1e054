import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Cell, CellGroup, Picker, Progress, Switch } from '@nutui/nutui-react-taro';
import {
  businessDateTime,
  FLASH_DROP_STATUS_LABELS,
  parseBusinessDateTime,
  type CouponTemplateResponse,
  type FlashDropResponse,
} from '@smartunion/contracts';

import { DateTimeField } from '../../../components/date-time-field';
import { EditPage } from '../../../components/edit-form';
import { showError, showSuccess } from '../../../components/feedback';
import { validationErrors } from '../../../components/field-errors';
import { LabeledInput } from '../../../components/labeled-input';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, FieldError } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { cancelFlashDrop, createFlashDrop, flashTemplates, listFlashDrops } from '../../../services/flash';
import { formatDateTime } from '../../../services/format';

import './index.scss';

const HOUR_MS = 3600_000;
/** How far ahead a drop may be scheduled from the picker. */
const MAX_AHEAD_MS = 366 * 24 * HOUR_MS;

type FieldName = 'template' | 'title' | 'stock' | 'limit' | 'startsAt' | 'endsAt';
type Errors = Partial<Record<FieldName, string>>;

interface Form {
  template: CouponTemplateResponse | null;
  title: string;
  stock: string;
  limit: string;
  /** 'YYYY-MM-DD HH:mm' in China time, as the picker sets them. */
  startsAt: string;
  endsAt: string;
  verifiedOnly: boolean;
}

function emptyForm(): Form {
  const start = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  return {
    template: null,
    title: '',
    stock: '100',
    limit: '1',
    startsAt: businessDateTime(start),
    endsAt: businessDateTime(start + 2 * HOUR_MS),
    verifiedOnly: false,
  };
}

/** The form field each API field is, and what to say when the API refuses it (its reasons are for developers). */
const API_FIELDS: Readonly<Record<string, FieldName>> = {
  templateId: 'template',
  title: 'title',
  stock: 'stock',
  perMemberLimit: 'limit',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
};
const SERVER_MESSAGES: Readonly<Record<FieldName, string>> = {
  template: '请选择优惠券',
  title: '名称应为 2–60 个字',
  stock: '数量应为正整数',
  limit: '每人限领 1–10 张',
  startsAt: '开始时间须晚于现在，且在优惠券有效期内',
  endsAt: '结束时间须晚于开始时间，且不超过 31 天',
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
  const start = parseBusinessDateTime(form.startsAt);
  const end = parseBusinessDateTime(form.endsAt);
  if (start === null) errors.startsAt = '请选择开抢时间';
  else if (start <= Date.now()) errors.startsAt = '开始时间须晚于现在';
  if (end === null) errors.endsAt = '请选择结束时间';
  else if (start !== null && end <= start) errors.endsAt = '结束时间须晚于开始时间';
  return errors;
}

/** 秒杀管理: the flash drops of the caller's scope with their progress, and a new drop from a coupon template. */
export default function FlashDropsPage(): ReactNode {
  const { state, reload } = usePageData(
    async () => {
      const [drops, templates] = await Promise.all([listFlashDrops({ pageSize: 50 }), flashTemplates()]);
      return { drops: drops.items, templates: templates.items };
    },
    { login: true },
  );
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<Form>(emptyForm);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

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
        startsAt: new Date(parseBusinessDateTime(form.startsAt) ?? 0).toISOString(),
        endsAt: new Date(parseBusinessDateTime(form.endsAt) ?? 0).toISOString(),
        verifiedOnly: form.verifiedOnly,
      });
      showSuccess('秒杀已安排');
      setCreating(false);
      setForm(emptyForm());
      await reload();
    } catch (error) {
      const server = validationErrors(error, API_FIELDS, (field) => SERVER_MESSAGES[field]);
      if (server) setErrors(server);
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
      await reload();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <EditPage className="flash-admin" state={state} onRetry={() => void reload()}>
      {({ drops, templates }) => (
        <>
          {creating ? (
            <DropForm
              templates={templates}
              form={form}
              errors={errors}
              busy={busy}
              set={set}
              onSubmit={() => void submit()}
              onCancel={() => setCreating(false)}
            />
          ) : (
            <View className="su-actions">
              <Button className="flash-admin-new" type="primary" block onClick={() => setCreating(true)}>
                新建秒杀
              </Button>
            </View>
          )}
          <View className="su-section-title">管理范围内的秒杀</View>
          {drops.length === 0 && (
            <EmptyState
              className="flash-admin-empty"
              title="暂无秒杀"
              description="从优惠券安排一场限时秒杀"
            />
          )}
          {drops.map((d) => (
            <DropCard key={d.id} drop={d} busy={busy} onCancel={() => void cancel(d)} />
          ))}
        </>
      )}
    </EditPage>
  );
}

interface DropFormProps {
  templates: CouponTemplateResponse[];
  form: Form;
  errors: Errors;
  busy: boolean;
  set: <K extends keyof Form>(key: K, value: Form[K]) => void;
  onSubmit: () => void;
  onCancel: () => void;
}

/** A new drop: the coupon it hands out, how many, per member, and its window in China time. */
function DropForm({ templates, form, errors, busy, set, onSubmit, onCancel }: DropFormProps): ReactNode {
  const [picking, setPicking] = useState(false);
  const now = Date.now();
  return (
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
      <DateTimeField
        form="flash-admin"
        name="startsAt"
        label="开抢时间"
        type="datetime"
        title="开抢时间（北京时间）"
        min={businessDateTime(now)}
        max={businessDateTime(now + MAX_AHEAD_MS)}
        minuteStep={5}
        value={form.startsAt}
        error={errors.startsAt}
        onChange={(v) => set('startsAt', v)}
      />
      <DateTimeField
        form="flash-admin"
        name="endsAt"
        label="结束时间"
        type="datetime"
        title="结束时间（北京时间）"
        min={businessDateTime(now)}
        max={businessDateTime(now + MAX_AHEAD_MS)}
        minuteStep={5}
        value={form.endsAt}
        error={errors.endsAt}
        onChange={(v) => set('endsAt', v)}
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
        <Button className="flash-admin-submit" type="primary" block loading={busy} onClick={onSubmit}>
          安排秒杀
        </Button>
        <Button block onClick={onCancel}>
          取消
        </Button>
      </View>
      <Picker
        title="选择优惠券"
        visible={picking}
        options={[
          templates.map((t) => ({
            value: t.id,
            label: `${t.title}（${t.merchant.name}，可安排 ${t.remaining}）`,
          })),
        ]}
        value={[form.template?.id ?? templates[0]?.id ?? '']}
        onConfirm={(_, values) => {
          const template = templates.find((t) => t.id === values[0]) ?? null;
          set('template', template);
          if (template && !form.title) set('title', `${template.title} 限时秒杀`.slice(0, 60));
        }}
        onClose={() => setPicking(false)}
      />
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
        <Nowrap>{formatDateTime(drop.startsAt)}</Nowrap> 至 <Nowrap>{formatDateTime(drop.endsAt)}</Nowrap> ·
        每人限 <Nowrap>{drop.perMemberLimit} 张</Nowrap>
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
