import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Picker } from '@nutui/nutui-react-taro';
import {
  businessDay,
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
} from '@smartunion/contracts';

import { DateTimeField } from '../../../components/date-time-field';
import {
  ChipChoices,
  ConfirmDialog,
  EditPage,
  type EditForm,
  FormSection,
  OrgField,
  SubmitBar,
  SwitchRow,
  TextAreaField,
  toggled,
  useEditForm,
} from '../../../components/edit-form';
import { showError, showSuccess } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { Nowrap } from '../../../components/nowrap';
import { FieldError } from '../../../components/page-state';
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

interface Choices {
  merchants: MerchantChoice[];
  /** The merchant whose page opened this one (?merchantId=), when it is active. */
  preset: MerchantChoice | null;
}

/** A new template's merchants to choose from; an existing one needs none. */
async function choicesFor(id: string, merchantId: string): Promise<Choices> {
  if (id) return { merchants: [], preset: null };
  const [list, preset] = await Promise.all([
    listMerchants({ status: MerchantStatus.Active, pageSize: MERCHANT_CHOICES }),
    merchantId ? getMerchant(merchantId) : Promise.resolve(null),
  ]);
  const merchants: MerchantChoice[] = list.items.map((m) => ({ id: m.id, name: m.name, org: m.org }));
  if (!preset || preset.status !== MerchantStatus.Active) return { merchants, preset: null };
  const choice = { id: preset.id, name: preset.name, org: preset.org };
  if (!merchants.some((m) => m.id === choice.id)) merchants.unshift(choice);
  return { merchants, preset: choice };
}

type TemplateEditor = EditForm<CouponTemplateResponse, Choices, TemplateForm, Errors>;

/** One coupon template of the scope: its terms, stock and status; no id issues a new one. */
export default function WorkbenchCouponTemplateEditPage(): ReactNode {
  const merchantId = useRouter().params.merchantId ?? '';
  const editor = useEditForm({
    fetch: getCouponTemplate,
    extra: (id) => choicesFor(id, merchantId),
    title: ({ record }) => (record ? record.title : '新建优惠券'),
    empty: () => emptyForm(),
    preset: (form: TemplateForm, { preset }) =>
      preset ? { ...form, merchant: preset, org: form.org ?? preset.org } : form,
    formOf,
    validate,
    serverErrors,
    clears: FIELDS_OF,
    patch: changesOf,
    update: updateCouponTemplate,
    create: (form) => createCouponTemplate(createRequestOf(form)),
    created: { message: '优惠券已创建', route: Routes.WorkbenchCouponTemplateEdit },
  });

  /** A status or stock change from the summary: the terms show the template as it now is. */
  function replaced(template: CouponTemplateResponse): void {
    editor.setForm(formOf(template));
    editor.replace(template);
  }

  return (
    <EditPage className="template-edit" state={editor.state} onRetry={() => void editor.reload()}>
      {({ me, record: template, merchants }) => (
        <>
          {template && <TemplateSummary template={template} onChanged={replaced} />}
          {!template && <NewTemplateFields me={me} merchants={merchants} editor={editor} />}
          <TermsFields template={template} editor={editor} />
        </>
      )}
    </EditPage>
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
        有效期 <Nowrap>{formatDate(template.validFrom)}</Nowrap> 至{' '}
        <Nowrap>{formatDate(template.validTo)}</Nowrap>
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
      <ConfirmDialog
        className="template-edit-end-dialog"
        visible={ending}
        title="结束优惠券"
        content="结束后会员不能再领取，也不能再安排秒杀，且无法恢复；已领取的券在有效期内照常使用。"
        confirmText="结束"
        onConfirm={() => setStatus(CouponTemplateStatus.Ended)}
        onClose={() => setEnding(false)}
      />
    </View>
  );
}

interface NewFieldsProps {
  me: MeResponse;
  merchants: MerchantChoice[];
  editor: TemplateEditor;
}

/** What a template fixes once created: the merchant, the audience org, the kind and the value. */
function NewTemplateFields({ me, merchants, editor }: NewFieldsProps): ReactNode {
  const { form, errors, set, bind } = editor;
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
      <OrgField
        me={me}
        permission={Permission.BenefitsManage}
        title="面向的工会组织（其下属工会的会员可领取）"
        {...bind('org')}
      />

      <View className="su-card template-edit-choices">
        <View className="template-edit-label">券种</View>
        <ChipChoices
          form="template-edit"
          group="kinds"
          item="kind"
          values={COUPON_KINDS}
          labels={COUPON_KIND_LABELS}
          active={(k) => form.kind === k}
          onPick={(k) => set('kind', k)}
        />
      </View>
      <FormSection form="template-edit">
        {form.kind === CouponKind.AmountOff && (
          <LabeledInput
            form="template-edit"
            {...bind('amountYuan', 'amount')}
            label="减免金额"
            inputProps={{ placeholder: '元，如 5 或 12.5', type: 'digit', maxLength: 8 }}
          />
        )}
        {form.kind === CouponKind.Discount && (
          <LabeledInput
            form="template-edit"
            {...bind('discountZhe', 'discount')}
            label="折扣"
            inputProps={{ placeholder: '折，如 8.5 表示 8.5 折', type: 'digit', maxLength: 3 }}
          />
        )}
        {form.kind === CouponKind.FreeItem && (
          <LabeledInput
            form="template-edit"
            {...bind('itemName')}
            label="兑换物品"
            inputProps={{ placeholder: '如 普通洗车一次', maxLength: 60 }}
          />
        )}
        {form.kind !== CouponKind.FreeItem && (
          <LabeledInput
            form="template-edit"
            {...bind('minSpendYuan', 'minSpend')}
            label="使用门槛"
            inputProps={{ placeholder: '满多少元可用，不填即无门槛', type: 'digit', maxLength: 9 }}
          />
        )}
        <LabeledInput
          form="template-edit"
          {...bind('totalStock')}
          label="发放总量"
          inputProps={{ placeholder: '共发放多少张', type: 'number', maxLength: 8 }}
        />
        <View className="template-edit-hint template-edit-preview">
          {preview ? `券面：${preview}` : '填写面值后这里显示券面'}
        </View>
      </FormSection>
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

/** The terms of a template, editable until it has ended: name, window, limits and audience. */
function TermsFields({
  template,
  editor,
}: {
  template: CouponTemplateResponse | null;
  editor: TemplateEditor;
}): ReactNode {
  const { form, errors, set, bind } = editor;
  if (template?.status === CouponTemplateStatus.Ended) return null;
  return (
    <View className="template-edit-terms">
      {template && <View className="su-section-title">券信息</View>}
      <FormSection form="template-edit">
        <LabeledInput
          form="template-edit"
          {...bind('title')}
          label="名称"
          inputProps={{ placeholder: '如 会员专享 刀削面立减5元', maxLength: 60 }}
        />
        <DateTimeField
          form="template-edit"
          name="validFrom"
          label="开始日期"
          type="date"
          title="开始日期（北京时间）"
          value={form.validFrom}
          error={errors.validFrom}
          onChange={(v) => set('validFrom', v)}
        />
        <DateTimeField
          form="template-edit"
          name="validTo"
          label="结束日期"
          type="date"
          title="结束日期（当天 24 点前有效）"
          min={businessDay()}
          value={form.validTo}
          error={errors.validTo}
          onChange={(v) => set('validTo', v)}
        />
        <LabeledInput
          form="template-edit"
          {...bind('validDays')}
          label="领取后有效"
          inputProps={{
            placeholder: `天数（1–${MAX_VALID_DAYS_AFTER_CLAIM}），不填即按有效期`,
            type: 'number',
            maxLength: 3,
          }}
        />
        <LabeledInput
          form="template-edit"
          {...bind('perMemberLimit')}
          label="每人限领"
          inputProps={{ placeholder: `1–${MAX_COUPON_PER_MEMBER_LIMIT} 张`, type: 'number', maxLength: 2 }}
        />
        <View className="template-edit-hint">
          领券和使用均在有效期内；设置了领取后有效天数的，到期早于结束日期时以先到者为准
        </View>
      </FormSection>

      <TextAreaField
        form="template-edit"
        name="description"
        label="使用说明"
        value={form.description}
        placeholder="如 堂食外带均可，每单限用一张（选填）"
        maxLength={MAX_DESCRIPTION}
        error={errors.description}
        onChange={(v) => set('description', v)}
      />

      <View className="su-card template-edit-choices">
        <View className="template-edit-label">面向职业（不选即面向全部会员）</View>
        <ChipChoices
          form="template-edit"
          group="occupations"
          item="occupation"
          values={OCCUPATIONS}
          labels={OCCUPATION_LABELS}
          active={(o) => form.occupations.includes(o)}
          onPick={(o) => set('occupations', toggled(form.occupations, o))}
        />
        <FieldError name="occupations" message={errors.occupations} />
        <SwitchRow
          form="template-edit"
          row="switch"
          className="template-edit-verified"
          label="仅限实名认证会员"
          checked={form.verifiedOnly}
          onChange={(on) => set('verifiedOnly', on)}
        />
        <SwitchRow
          form="template-edit"
          row="switch"
          className="template-edit-claimable"
          label="会员可在领券中心领取"
          checked={form.claimable}
          onChange={(on) => set('claimable', on)}
        />
        {!form.claimable && (
          <View className="template-edit-hint template-edit-hint--card">
            关闭后只通过限时秒杀和福利活动发放
          </View>
        )}
      </View>

      <SubmitBar className="template-edit-save" saving={editor.saving} onSubmit={() => void editor.save()}>
        {template ? '保存' : '创建优惠券'}
      </SubmitBar>
    </View>
  );
}
