import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Dialog, Toast } from '@nutui/nutui-react-taro';
import {
  MerchantStatus,
  Permission,
  StoreStatus,
  type MeResponse,
  type MerchantResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { OrgChooser } from '../../../components/org-chooser';
import { FailedState, FieldError, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import {
  createMerchant,
  getMerchant,
  MERCHANT_STATUS_LABELS,
  updateMerchant,
} from '../../../services/benefits';
import { formatDate } from '../../../services/format';
import { Routes } from '../../../services/routes';
import { CounterAccounts } from './counter-accounts';
import {
  EMPTY_MERCHANT,
  isNameTaken,
  type MerchantErrors,
  type MerchantForm,
  merchantChanges,
  merchantFormOf,
  merchantServerErrors,
  validateMerchant,
} from './merchant-form';
import { StoresSection } from './stores-section';

import './index.scss';

type EditState = LoadState<{ me: MeResponse; merchant: MerchantResponse | null }>;

/** One partner merchant of the scope: its details, stores and counter accounts; no id signs up a new one. */
export default function WorkbenchMerchantEditPage(): ReactNode {
  const id = useRouter().params.id ?? '';
  const [state, setState] = useState<EditState>({ status: 'loading' });
  const [form, setForm] = useState<MerchantForm>(EMPTY_MERCHANT);
  const [errors, setErrors] = useState<MerchantErrors>({});
  const [saving, setSaving] = useState(false);
  const [suspending, setSuspending] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const [me, merchant] = await Promise.all([getMe(), id ? getMerchant(id) : Promise.resolve(null)]);
      if (merchant) setForm(merchantFormOf(merchant));
      setState({ status: 'ready', me, merchant });
      Taro.setNavigationBarTitle({ title: merchant ? merchant.name : '新增商户' }).catch(() => undefined);
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [id]);

  useDidShow(() => {
    if (state.status !== 'ready') void load();
  });

  const set = <K extends keyof MerchantForm>(key: K, value: MerchantForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  /** A store or account changed: the merchant is read again (store counts, accounts). */
  function replaced(merchant: MerchantResponse): void {
    setState((s) => (s.status === 'ready' ? { ...s, merchant } : s));
  }

  async function reload(): Promise<void> {
    if (state.status !== 'ready' || !state.merchant) return;
    try {
      replaced(await getMerchant(state.merchant.id));
    } catch (error) {
      showError(error);
    }
  }

  async function save(): Promise<void> {
    if (state.status !== 'ready' || saving) return;
    const merchant = state.merchant;
    const found = validateMerchant(form, !merchant);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showFailure('请检查标红的内容');
      return;
    }
    setSaving(true);
    try {
      if (merchant) {
        const patch = merchantChanges(form, merchant);
        if (Object.keys(patch).length === 0) {
          showFailure('没有修改');
          return;
        }
        const saved = await updateMerchant(merchant.id, patch);
        setForm(merchantFormOf(saved));
        replaced(saved);
        showSuccess('已保存');
      } else {
        const creditCode = form.creditCode.trim().toUpperCase();
        const created = await createMerchant({
          orgId: form.org?.id ?? '',
          name: form.name.trim(),
          creditCode: creditCode || undefined,
          contactName: form.contactName.trim(),
          contactPhone: form.contactPhone.trim(),
        });
        showSuccess('商户已登记');
        // Its stores and accounts are added on its own page.
        await Taro.redirectTo({ url: `${Routes.WorkbenchMerchantEdit}?id=${created.id}` });
      }
    } catch (error) {
      const fields = merchantServerErrors(error);
      if (fields) setErrors(fields);
      if (isNameTaken(error)) showFailure('该组织已有同名商户');
      else showError(error);
    } finally {
      setSaving(false);
    }
  }

  async function setStatus(status: MerchantStatus): Promise<void> {
    if (state.status !== 'ready' || !state.merchant) return;
    try {
      replaced(await updateMerchant(state.merchant.id, { status }));
      showSuccess(status === MerchantStatus.Suspended ? '已暂停合作' : '已恢复合作');
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="page merchant-edit">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="merchant-edit-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' && (
        <>
          {state.merchant && (
            <MerchantSummary
              merchant={state.merchant}
              onSuspend={() => setSuspending(true)}
              onActivate={() => void setStatus(MerchantStatus.Active).catch(() => undefined)}
            />
          )}
          <MerchantFields
            me={state.me}
            merchant={state.merchant}
            form={form}
            errors={errors}
            saving={saving}
            set={set}
            onSave={() => void save()}
          />
          {state.merchant && (
            <>
              <StoresSection merchant={state.merchant} onChanged={() => void reload()} />
              <CounterAccounts merchant={state.merchant} onChanged={replaced} />
            </>
          )}
        </>
      )}
      <Dialog
        className="merchant-edit-suspend-dialog"
        visible={suspending}
        title="暂停合作"
        content="暂停后会员不能再领取该商户的优惠券，附近门店中不再显示，商户也不能核销，可随时恢复。"
        confirmText="暂停"
        cancelText="取消"
        onConfirm={() => setStatus(MerchantStatus.Suspended)}
        onCancel={() => setSuspending(false)}
        onClose={() => setSuspending(false)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

function MerchantSummary({
  merchant,
  onSuspend,
  onActivate,
}: {
  merchant: MerchantResponse;
  onSuspend: () => void;
  onActivate: () => void;
}): ReactNode {
  const open = merchant.stores.filter((s) => s.status === StoreStatus.Active).length;
  const suspended = merchant.status === MerchantStatus.Suspended;
  return (
    <View className={`su-card merchant-edit-summary merchant-edit-summary--${merchant.status}`}>
      <View className="merchant-edit-summary-head">
        <View className="su-card-title">{merchant.name}</View>
        <View className={`merchant-edit-status merchant-edit-status--${merchant.status}`}>
          {MERCHANT_STATUS_LABELS[merchant.status]}
        </View>
      </View>
      <View className="su-card-line">所属组织 {merchant.org.name}</View>
      <View className="su-card-line merchant-edit-summary-stores">
        门店 {merchant.stores.length} 家（营业中 {open} 家）· 登记于 {formatDate(merchant.createdAt)}
      </View>
      <View className="su-card-actions">
        <Button
          className="merchant-edit-coupons"
          size="small"
          onClick={() =>
            void Taro.navigateTo({ url: `${Routes.WorkbenchCouponTemplates}?merchantId=${merchant.id}` })
          }
        >
          查看优惠券
        </Button>
        {!suspended && (
          <Button
            className="merchant-edit-new-coupon"
            size="small"
            type="primary"
            onClick={() =>
              void Taro.navigateTo({ url: `${Routes.WorkbenchCouponTemplateEdit}?merchantId=${merchant.id}` })
            }
          >
            发放优惠券
          </Button>
        )}
        {suspended ? (
          <Button className="merchant-edit-activate" size="small" onClick={onActivate}>
            恢复合作
          </Button>
        ) : (
          <Button className="merchant-edit-suspend" size="small" onClick={onSuspend}>
            暂停合作
          </Button>
        )}
      </View>
    </View>
  );
}

interface FieldsProps {
  me: MeResponse;
  merchant: MerchantResponse | null;
  form: MerchantForm;
  errors: MerchantErrors;
  saving: boolean;
  set: <K extends keyof MerchantForm>(key: K, value: MerchantForm[K]) => void;
  onSave: () => void;
}

function MerchantFields({ me, merchant, form, errors, saving, set, onSave }: FieldsProps): ReactNode {
  return (
    <View className="merchant-edit-form">
      {!merchant && (
        <>
          <OrgChooser
            me={me}
            permission={Permission.BenefitsManage}
            grassrootsOnly={false}
            title="管理该商户的工会组织"
            value={form.org}
            onChange={(org) => set('org', org)}
          />
          <FieldError name="org" message={errors.org} />
        </>
      )}
      {merchant && <View className="su-section-title">商户信息</View>}
      <View className="merchant-edit-group">
        <LabeledInput
          form="merchant-edit"
          name="name"
          label="商户名称"
          value={form.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ placeholder: '如 晋味坊刀削面馆', maxLength: 100 }}
        />
        <LabeledInput
          form="merchant-edit"
          name="creditCode"
          label="信用代码"
          value={form.creditCode}
          error={errors.creditCode}
          onChange={(v) => set('creditCode', v)}
          inputProps={{ placeholder: '18 位，个体户可不填', maxLength: 18 }}
        />
        <LabeledInput
          form="merchant-edit"
          name="contactName"
          label="联系人"
          value={form.contactName}
          error={errors.contactName}
          onChange={(v) => set('contactName', v)}
          inputProps={{ placeholder: '负责人姓名', maxLength: 30 }}
        />
        <LabeledInput
          form="merchant-edit"
          name="contactPhone"
          label="联系电话"
          value={form.contactPhone}
          error={errors.contactPhone}
          onChange={(v) => set('contactPhone', v)}
          inputProps={{ placeholder: '手机号或 0351-1234567', maxLength: 13 }}
        />
      </View>
      <View className="su-actions">
        <Button className="merchant-edit-save" type="primary" block loading={saving} onClick={onSave}>
          {merchant ? '保存商户信息' : '登记商户'}
        </Button>
      </View>
      {!merchant && <View className="su-note">登记后即可添加门店、绑定核销账号并发放优惠券。</View>}
    </View>
  );
}
