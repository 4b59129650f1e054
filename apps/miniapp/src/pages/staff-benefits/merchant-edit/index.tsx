import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import {
  MerchantStatus,
  Permission,
  StoreStatus,
  type MeResponse,
  type MerchantResponse,
} from '@smartunion/contracts';

import {
  ConfirmDialog,
  EditPage,
  FormSection,
  OrgField,
  SubmitBar,
  useEditForm,
  type EditForm,
} from '../../../components/edit-form';
import { showError, showSuccess } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { Nowrap } from '../../../components/nowrap';
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
  merchantChanges,
  merchantCreateRequest,
  type MerchantErrors,
  type MerchantForm,
  merchantFormOf,
  merchantServerErrors,
  validateMerchant,
} from './merchant-form';
import { StoresSection } from './stores-section';

import './index.scss';

/** One partner merchant of the scope: its details, stores and counter accounts; no id signs up a new one. */
export default function WorkbenchMerchantEditPage(): ReactNode {
  const [suspending, setSuspending] = useState(false);
  const editor = useEditForm({
    fetch: getMerchant,
    title: ({ record }) => (record ? record.name : '新增商户'),
    empty: () => EMPTY_MERCHANT,
    formOf: merchantFormOf,
    validate: (form: MerchantForm, record) => validateMerchant(form, !record),
    serverErrors: merchantServerErrors,
    patch: merchantChanges,
    update: updateMerchant,
    create: (form) => createMerchant(merchantCreateRequest(form)),
    // Its stores and accounts are added on its own page.
    created: { message: '商户已登记', route: Routes.WorkbenchMerchantEdit },
    failure: (error) => (isNameTaken(error) ? '该组织已有同名商户' : null),
  });
  const { state, replace } = editor;

  async function setStatus(status: MerchantStatus): Promise<void> {
    if (state.status !== 'ready' || !state.record) return;
    try {
      replace(await updateMerchant(state.record.id, { status }));
      showSuccess(status === MerchantStatus.Suspended ? '已暂停合作' : '已恢复合作');
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <EditPage className="merchant-edit" state={state} onRetry={() => void editor.reload()}>
      {({ me, record: merchant }) => (
        <>
          {merchant && (
            <MerchantSummary
              merchant={merchant}
              onSuspend={() => setSuspending(true)}
              onActivate={() => void setStatus(MerchantStatus.Active).catch(() => undefined)}
            />
          )}
          <MerchantFields me={me} merchant={merchant} editor={editor} />
          {merchant && (
            <>
              {/* A store or account changed: the merchant is read again (store counts, accounts). */}
              <StoresSection merchant={merchant} onChanged={() => void editor.refresh()} />
              <CounterAccounts merchant={merchant} onChanged={replace} />
            </>
          )}
          <ConfirmDialog
            className="merchant-edit-suspend-dialog"
            visible={suspending}
            title="暂停合作"
            content="暂停后会员不能再领取该商户的优惠券，附近门店中不再显示，商户也不能核销，可随时恢复。"
            confirmText="暂停"
            onConfirm={() => setStatus(MerchantStatus.Suspended)}
            onClose={() => setSuspending(false)}
          />
        </>
      )}
    </EditPage>
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
        门店 {merchant.stores.length} 家（营业中 {open} 家）· 登记于{' '}
        <Nowrap>{formatDate(merchant.createdAt)}</Nowrap>
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
  editor: EditForm<MerchantResponse, object, MerchantForm, MerchantErrors>;
}

function MerchantFields({ me, merchant, editor }: FieldsProps): ReactNode {
  const { bind } = editor;
  return (
    <View className="merchant-edit-form">
      {!merchant && (
        <OrgField
          me={me}
          permission={Permission.BenefitsManage}
          title="管理该商户的工会组织"
          {...bind('org')}
        />
      )}
      {merchant && <View className="su-section-title">商户信息</View>}
      <FormSection form="merchant-edit">
        <LabeledInput
          form="merchant-edit"
          {...bind('name')}
          label="商户名称"
          inputProps={{ placeholder: '如 晋味坊刀削面馆', maxLength: 100 }}
        />
        <LabeledInput
          form="merchant-edit"
          {...bind('creditCode')}
          label="信用代码"
          inputProps={{ placeholder: '18 位，个体户可不填', maxLength: 18 }}
        />
        <LabeledInput
          form="merchant-edit"
          {...bind('contactName')}
          label="联系人"
          inputProps={{ placeholder: '负责人姓名', maxLength: 30 }}
        />
        <LabeledInput
          form="merchant-edit"
          {...bind('contactPhone')}
          label="联系电话"
          inputProps={{ placeholder: '手机号或 0351-1234567', maxLength: 13 }}
        />
      </FormSection>
      <SubmitBar className="merchant-edit-save" saving={editor.saving} onSubmit={() => void editor.save()}>
        {merchant ? '保存商户信息' : '登记商户'}
      </SubmitBar>
      {!merchant && <View className="su-note">登记后即可添加门店、绑定核销账号并发放优惠券。</View>}
    </View>
  );
}
