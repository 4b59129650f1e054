import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Dialog, Picker, Switch, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  COUPON_KIND_LABELS,
  COUPON_KINDS,
  CouponKind,
  CouponTemplateStatus,
  MAX_COUPON_PER_MEMBER_LIMIT,
  MAX_VALID_DAYS_AFTER_CLAIM,
  MerchantStatus,
  OCCUPATION_LABELS,
  OCCUPATIONS,
  Permission,
  type CouponTemplateResponse,
  type MeResponse,
  type Occupation,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { errorMessage, showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { OrgChooser } from '../../../components/org-chooser';
import { FailedState, FieldError, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import {
  COUPON_TEMPLATE_STATUS_LABELS,
  createCouponTemplate,
  getCouponTemplate,
  getMerchant,
  listMerchants,
  updateCouponTemplate,
} from '../../../services/benefits';
import { formatDate } from '../../../services/format';
import { Routes } from '../../../services/routes';
import {
  changesOf,
  createRequestOf,
  emptyForm,
  type Errors,
  type Field,
  formOf,
  MAX_DESCRIPTION,
  type MerchantChoice,
  previewOf,
  raisedStock,
  serverErrors,
  type TemplateForm,
  validate,
} from './template-form';

import './index.scss';

/** The error messages a change of a form key clears (the value fields are named after what they hold). */
const FIELDS_OF: Partial<Record<keyof TemplateForm, Field[]>> = {
  kind: ['amount', 'discount', 'itemName', 'minSpend'],
  amountYuan: ['amount'],
  discountZhe: ['discount'],
  minSpendYuan: ['minSpend', 'amount'],
  validFrom: ['validFrom', 'validTo'],
  validTo: ['validTo'],
};

/** The merchants a new template may be for: the active ones of the scope (one page of the list). */
const MERCHANT_CHOICES = 100;

type EditState = LoadState<{
  me: MeResponse;
  template: CouponTemplateResponse | null;
  merchants: MerchantChoice[];
}>;

/** One coupon template of the scope: its terms, stock and status; no id issues a new one. */
export default function WorkbenchCouponTemplateEditPage(): ReactNode {
  const params = useRouter().params;
  const id = params.id ?? '';
  const merchantId = params.merchantId ?? '';
  const [state, setState] = useState<EditState>({ status: 'loading' });
  const [form, setForm] = useState<TemplateForm>(() => emptyForm());
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      if (id) {
        const [me, template] = await Promise.all([getMe(), getCouponTemplate(id)]);
        setForm(formOf(template));
        setState({ status: 'ready', me, template, merchants: [] });
        Taro.setNavigationBarTitle({ title: template.title }).catch(() => undefined);
        return;
      }
      const [me, list, preset] = await Promise.all([
        getMe(),
        listMerchants({ status: MerchantStatus.Active, pageSize: MERCHANT_CHOICES }),
        merchantId ? getMerchant(merchantId) : Promise.resolve(null),
      ]);
      const merchants: MerchantChoice[] = list.items.map((m) => ({ id: m.id, name: m.name, org: m.org }));
      if (preset && preset.status === MerchantStatus.Active) {
        const choice = { id: preset.id, name: preset.name, org: preset.org };
        if (!merchants.some((m) => m.id === choice.id)) merchants.unshift(choice);
        setForm((f) => ({ ...f, merchant: choice, org: f.org ?? choice.org }));
      }
      setState({ status: 'ready', me, template: null, merchants });
      Taro.setNavigationBarTitle({ title: '新建优惠券' }).catch(() => undefined);
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [id, merchantId]);

  useDidShow(() => {
    if (state.status !== 'ready') void load();
  });

  const set = <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => {
      const next = { ...e };
      for (const field of FIELDS_OF[key] ?? [key as Field]) delete next[field];
      return next;
    });
  };

  function replaced(template: CouponTemplateResponse): void {
    setForm(formOf(template));
    setState((s) => (s.status === 'ready' ? { ...s, template } : s));
  }

  async function save(): Promise<void> {
    if (state.status !== 'ready' || saving) return;
    const template = state.template;
    const found = validate(form, template);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showFailure('请检查标红的内容');
      return;
    }
    setSaving(true);
    try {
      if (template) {
        const patch = changesOf(form, template);
        if (Object.keys(patch).length === 0) {
          showFailure('没有修改');
          return;
        }
        replaced(await updateCouponTemplate(template.id, patch));
        showSuccess('已保存');
      } else {
        const created = await createCouponTemplate(createRequestOf(form));
        showSuccess('优惠券已创建');
        await Taro.redirectTo({ url: `${Routes.WorkbenchCouponTemplateEdit}?id=${created.id}` });
      }
    } catch (error) {
      const fields = serverErrors(error);
      if (fields) setErrors(fields);
      showError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="page template-edit">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="template-edit-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' && (
        <>
          {state.template && <TemplateSummary template={state.template} onChanged={replaced} />}
          {!state.template && (
            <NewTemplateFields
              me={state.me}
              merchants={state.merchants}
              form={form}
              errors={errors}
              set={set}
            />
          )}
          <TermsFields
            template={state.template}
            form={form}
            errors={errors}
            saving={saving}
            set={set}
            onSave={() => void save()}
          />
        </>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** An existing template: what it is worth, its stock and status, with pause / resume / end and a stock raise. */
function TemplateSummary({
  template,
  onChanged,
}: {
  template: CouponTemplateResponse;
  onChanged: (template: CouponTemplateResponse) => void;
}): ReactNode {
  const [adding, setAdding] = useState('');
  const [stockProblem, setStockProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState(false);
  const ended = template.status === CouponTemplateStatus.Ended;

  async function setStatus(status: CouponTemplateStatus): Promise<void> {
    try {
      onChanged(await updateCouponTemplate(template.id, { status }));
      showSuccess(
        status === CouponTemplateStatus.Paused
          ? '已暂停发放'
          : status === CouponTemplateStatus.Ended
            ? '已结束'
            : '已恢复发放',
      );
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  async function run(action: () => Promise<void>): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      await action();
    } catch {
      // Told by a toast already.
    } finally {
      setBusy(false);
    }
  }

  async function raise(): Promise<void> {
    const outcome = raisedStock(adding, template);
    if ('problem' in outcome) {
      setStockProblem(outcome.problem);
      return;
    }
    try {
      // A raise, not a new total: two staff raising at once both count.
      const updated = await updateCouponTemplate(template.id, { addStock: outcome.add });
      onChanged(updated);
      setAdding('');
      showSuccess(`发放总量已增至 ${updated.totalStock} 张`);
    } catch (error) {
      showError(error);
    }
  }

  return (
    <View className={`su-card template-edit-summary template-edit-summary--${template.status}`}>
      <View className="template-edit-summary-head">
        <View className="template-edit-value">{template.valueLabel}</View>
        <View className={`template-edit-status template-edit-status--${template.status}`}>
          {COUPON_TEMPLATE_STATUS_LABELS[template.status]}
        </View>
      </View>
      <View className="su-card-line">
        {COUPON_KIND_LABELS[template.kind]} · {template.merchant.name} · 面向 {template.org.name}
      </View>
      <View className="su-card-line template-edit-stock">
        已领 {template.issued} · 秒杀预留 {template.reserved} · 总量 {template.totalStock}（剩余{' '}
        {template.remaining}）
      </View>
      <View className="su-card-line">
        有效期 {formatDate(template.validFrom)} 至 {formatDate(template.validTo)}
      </View>
      {!ended && (
        <>
          <View className="template-edit-raise">
            <LabeledInput
              form="template-edit"
              name="addStock"
              label="增加库存"
              value={adding}
              error={stockProblem}
              onChange={(v) => {
                setAdding(v);
                setStockProblem(undefined);
              }}
              inputProps={{ placeholder: '增加的张数', type: 'number', maxLength: 8 }}
            />
          </View>
          <View className="su-card-actions">
            <Button
              className="template-edit-raise-submit"
              size="small"
              disabled={busy || !adding.trim()}
              onClick={() => void run(raise)}
            >
              增加库存
            </Button>
            {template.status === CouponTemplateStatus.Active ? (
              <Button
                className="template-edit-pause"
                size="small"
                disabled={busy}
                onClick={() => void run(() => setStatus(CouponTemplateStatus.Paused))}
              >
                暂停发放
              </Button>
            ) : (
              <Button
                className="template-edit-resume"
                size="small"
                disabled={busy}
                onClick={() => void run(() => setStatus(CouponTemplateStatus.Active))}
              >
                恢复发放
              </Button>
            )}
            <Button
              className="template-edit-end"
              size="small"
              disabled={busy}
              onClick={() => setEnding(true)}
            >
              结束
            </Button>
          </View>
        </>
      )}
      {ended && (
        <View className="su-card-line">已结束的优惠券不能再修改；会员已领取的券在有效期内照常使用。</View>
      )}
      <Dialog
        className="template-edit-end-dialog"
        visible={ending}
        title="结束优惠券"
        content="结束后会员不能再领取，也不能再安排秒杀，且无法恢复；已领取的券在有效期内照常使用。"
        confirmText="结束"
        cancelText="取消"
        onConfirm={() => setStatus(CouponTemplateStatus.Ended)}
        onCancel={() => setEnding(false)}
        onClose={() => setEnding(false)}
      />
    </View>
  );
}

interface NewFieldsProps {
  me: MeResponse;
  merchants: MerchantChoice[];
  form: TemplateForm;
  errors: Errors;
  set: <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]) => void;
}

/** What a template fixes once created: the merchant, the audience org, the kind and the value. */
function NewTemplateFields({ me, merchants, form, errors, set }: NewFieldsProps): ReactNode {
  const [picking, setPicking] = useState(false);
  const preview = previewOf(form);
  return (
    <View className="template-edit-new">
      <CellGroup title="发券商户">
        <Cell
          className="template-edit-merchant"
          title={form.merchant ? form.merchant.name : '请选择商户'}
          description={form.merchant ? form.merchant.org.name : undefined}
          extra={merchants.length > 0 ? (form.merchant ? '更换' : '选择') : '暂无合作中的商户'}
          clickable={merchants.length > 0}
          onClick={() => merchants.length > 0 && setPicking(true)}
        />
      </CellGroup>
      <FieldError name="merchant" message={errors.merchant} />
      <OrgChooser
        me={me}
        permission={Permission.BenefitsManage}
        grassrootsOnly={false}
        title="面向的工会组织（其下属工会的会员可领取）"
        value={form.org}
        onChange={(org) => set('org', org)}
      />
      <FieldError name="org" message={errors.org} />

      <View className="su-card template-edit-choices">
        <View className="template-edit-label">券种</View>
        <View className="template-edit-chips template-edit-kinds">
          {COUPON_KINDS.map((k) => (
            <Chip
              key={k}
              className={`template-edit-kind template-edit-kind--${k}`}
              active={form.kind === k}
              label={COUPON_KIND_LABELS[k]}
              onClick={() => set('kind', k)}
            />
          ))}
        </View>
      </View>
      <View className="template-edit-group">
        {form.kind === CouponKind.AmountOff && (
          <LabeledInput
            form="template-edit"
            name="amount"
            label="减免金额"
            value={form.amountYuan}
            error={errors.amount}
            onChange={(v) => set('amountYuan', v)}
            inputProps={{ placeholder: '元，如 5 或 12.5', type: 'digit', maxLength: 8 }}
          />
        )}
        {form.kind === CouponKind.Discount && (
          <LabeledInput
            form="template-edit"
            name="discount"
            label="折扣"
            value={form.discountZhe}
            error={errors.discount}
            onChange={(v) => set('discountZhe', v)}
            inputProps={{ placeholder: '折，如 8.5 表示 8.5 折', type: 'digit', maxLength: 3 }}
          />
        )}
        {form.kind === CouponKind.FreeItem && (
          <LabeledInput
            form="template-edit"
            name="itemName"
            label="兑换物品"
            value={form.itemName}
            error={errors.itemName}
            onChange={(v) => set('itemName', v)}
            inputProps={{ placeholder: '如 普通洗车一次', maxLength: 60 }}
          />
        )}
        {form.kind !== CouponKind.FreeItem && (
          <LabeledInput
            form="template-edit"
            name="minSpend"
            label="使用门槛"
            value={form.minSpendYuan}
            error={errors.minSpend}
            onChange={(v) => set('minSpendYuan', v)}
            inputProps={{ placeholder: '满多少元可用，不填即无门槛', type: 'digit', maxLength: 9 }}
          />
        )}
        <LabeledInput
          form="template-edit"
          name="totalStock"
          label="发放总量"
          value={form.totalStock}
          error={errors.totalStock}
          onChange={(v) => set('totalStock', v)}
          inputProps={{ placeholder: '共发放多少张', type: 'number', maxLength: 8 }}
        />
        <View className="template-edit-hint template-edit-preview">
          {preview ? `券面：${preview}` : '填写面值后这里显示券面'}
        </View>
      </View>
      <Picker
        title="选择发券商户"
        visible={picking}
        options={[merchants.map((m) => ({ value: m.id, label: `${m.name}（${m.org.name}）` }))]}
        value={form.merchant ? [form.merchant.id] : []}
        onConfirm={(_, values) => {
          const merchant = merchants.find((m) => m.id === values[0]) ?? null;
          set('merchant', merchant);
          if (merchant && !form.org) set('org', merchant.org);
        }}
        onClose={() => setPicking(false)}
      />
    </View>
  );
}

interface TermsProps {
  template: CouponTemplateResponse | null;
  form: TemplateForm;
  errors: Errors;
  saving: boolean;
  set: <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]) => void;
  onSave: () => void;
}

/** The terms of a template, editable until it has ended: name, window, limits and audience. */
function TermsFields({ template, form, errors, saving, set, onSave }: TermsProps): ReactNode {
  if (template?.status === CouponTemplateStatus.Ended) return null;
  const toggle = (o: Occupation): void =>
    set(
      'occupations',
      form.occupations.includes(o) ? form.occupations.filter((x) => x !== o) : [...form.occupations, o],
    );
  return (
    <View className="template-edit-terms">
      {template && <View className="su-section-title">券信息</View>}
      <View className="template-edit-group">
        <LabeledInput
          form="template-edit"
          name="title"
          label="名称"
          value={form.title}
          error={errors.title}
          onChange={(v) => set('title', v)}
          inputProps={{ placeholder: '如 会员专享 刀削面立减5元', maxLength: 60 }}
        />
        <LabeledInput
          form="template-edit"
          name="validFrom"
          label="开始日期"
          value={form.validFrom}
          error={errors.validFrom}
          onChange={(v) => set('validFrom', v)}
          inputProps={{ placeholder: 'YYYY-MM-DD（北京时间）', maxLength: 10 }}
        />
        <LabeledInput
          form="template-edit"
          name="validTo"
          label="结束日期"
          value={form.validTo}
          error={errors.validTo}
          onChange={(v) => set('validTo', v)}
          inputProps={{ placeholder: 'YYYY-MM-DD，当天 24 点前有效', maxLength: 10 }}
        />
        <LabeledInput
          form="template-edit"
          name="validDays"
          label="领取后有效"
          value={form.validDays}
          error={errors.validDays}
          onChange={(v) => set('validDays', v)}
          inputProps={{
            placeholder: `天数（1–${MAX_VALID_DAYS_AFTER_CLAIM}），不填即按有效期`,
            type: 'number',
            maxLength: 3,
          }}
        />
        <LabeledInput
          form="template-edit"
          name="perMemberLimit"
          label="每人限领"
          value={form.perMemberLimit}
          error={errors.perMemberLimit}
          onChange={(v) => set('perMemberLimit', v)}
          inputProps={{ placeholder: `1–${MAX_COUPON_PER_MEMBER_LIMIT} 张`, type: 'number', maxLength: 2 }}
        />
        <View className="template-edit-hint">
          领券和使用均在有效期内；设置了领取后有效天数的，到期早于结束日期时以先到者为准
        </View>
      </View>

      <View className="template-edit-group template-edit-group--description">
        <View className="template-edit-label">使用说明</View>
        <TextArea
          className="template-edit-description"
          value={form.description}
          placeholder="如 堂食外带均可，每单限用一张（选填）"
          maxLength={MAX_DESCRIPTION}
          showCount
          onChange={(v) => set('description', v)}
        />
        <FieldError name="description" message={errors.description} />
      </View>

      <View className="su-card template-edit-choices">
        <View className="template-edit-label">面向职业（不选即面向全部会员）</View>
        <View className="template-edit-chips template-edit-occupations">
          {OCCUPATIONS.map((o) => (
            <Chip
              key={o}
              className={`template-edit-occupation template-edit-occupation--${o}`}
              active={form.occupations.includes(o)}
              label={OCCUPATION_LABELS[o]}
              onClick={() => toggle(o)}
            />
          ))}
        </View>
        <FieldError name="occupations" message={errors.occupations} />
        <View className="template-edit-row template-edit-row--switch">
          <View className="template-edit-label">仅限实名认证会员</View>
          <Switch
            className="template-edit-verified"
            checked={form.verifiedOnly}
            onChange={(on) => set('verifiedOnly', on)}
          />
        </View>
        <View className="template-edit-row template-edit-row--switch">
          <View className="template-edit-label">会员可在领券中心领取</View>
          <Switch
            className="template-edit-claimable"
            checked={form.claimable}
            onChange={(on) => set('claimable', on)}
          />
        </View>
        {!form.claimable && (
          <View className="template-edit-hint template-edit-hint--card">
            关闭后只通过限时秒杀和福利活动发放
          </View>
        )}
      </View>

      <View className="su-actions">
        <Button className="template-edit-save" type="primary" block loading={saving} onClick={onSave}>
          {template ? '保存' : '创建优惠券'}
        </Button>
      </View>
    </View>
  );
}
