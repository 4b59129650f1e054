import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import {
  MALL_ITEM_STATUS_LABELS,
  MALL_ITEM_STATUSES,
  MAX_PER_MEMBER_LIMIT,
  Permission,
  type MallItemResponse,
  type MeResponse,
} from '@smartunion/contracts';

import {
  ChipChoices,
  EditPage,
  FormSection,
  OrgField,
  SubmitBar,
  TextAreaField,
  useEditForm,
  type EditForm,
} from '../../../components/edit-form';
import { LabeledInput } from '../../../components/labeled-input';
import { adminMallItem, createMallItem, updateMallItem } from '../../../services/points';
import { Routes } from '../../../services/routes';
import {
  changesOf,
  createRequestOf,
  EMPTY_FORM,
  type Errors,
  type Form,
  formOf,
  MAX_DESCRIPTION,
  serverErrors,
  validate,
} from './item-form';
import { ItemOrders } from './item-orders';

import './index.scss';

/** One mall item of the scope: its form and its orders; no id creates one. */
export default function WorkbenchMallItemEditPage(): ReactNode {
  const editor = useEditForm({
    fetch: adminMallItem,
    title: ({ record }) => (record ? '编辑商品' : '新建商品'),
    empty: () => EMPTY_FORM,
    formOf,
    validate,
    serverErrors,
    patch: changesOf,
    update: updateMallItem,
    create: (form: Form) => createMallItem(createRequestOf(form)),
    created: { message: '商品已上架', route: Routes.WorkbenchMallItemEdit },
  });

  return (
    <EditPage className="mall-item-edit" state={editor.state} onRetry={() => void editor.reload()}>
      {({ me, record }) => (
        <>
          <ItemForm me={me} item={record} editor={editor} />
          {/* A cancelled order moves the stock and the redeemed count. */}
          {record && <ItemOrders itemId={record.id} onCancelled={() => void editor.refresh()} />}
        </>
      )}
    </EditPage>
  );
}

interface FormProps {
  me: MeResponse;
  item: MallItemResponse | null;
  editor: EditForm<MallItemResponse, object, Form, Errors>;
}

function ItemForm({ me, item, editor }: FormProps): ReactNode {
  const { form, errors, set, bind } = editor;
  return (
    <View className="mall-item-edit-form">
      {item ? (
        <View className="su-card mall-item-edit-summary">
          <View className="su-card-line">提供组织 {item.org.name}</View>
          <View className="su-card-line mall-item-edit-numbers">
            当前库存 {item.stock} · 已兑 {item.redeemedCount}
          </View>
        </View>
      ) : (
        <OrgField
          me={me}
          permission={Permission.PointsManage}
          title="提供商品的组织（其下属工会的会员均可兑换）"
          {...bind('org')}
        />
      )}

      <FormSection form="mall-item-edit">
        <LabeledInput
          form="mall-item-edit"
          {...bind('name')}
          label="商品名称"
          inputProps={{ placeholder: '如 不锈钢保温杯', maxLength: 60 }}
        />
        <LabeledInput
          form="mall-item-edit"
          {...bind('costPoints')}
          label="所需积分"
          inputProps={{ placeholder: '兑换一件所需积分', type: 'number', maxLength: 7 }}
        />
        {item ? (
          <>
            <LabeledInput
              form="mall-item-edit"
              {...bind('stockDelta')}
              label="库存增减"
              inputProps={{ placeholder: '补货填正数，减少填负数', maxLength: 8 }}
            />
            <View className="mall-item-edit-hint">
              当前库存 {item.stock}；按增减量调整，不会覆盖调整期间会员已兑换的数量
            </View>
          </>
        ) : (
          <LabeledInput
            form="mall-item-edit"
            {...bind('stock')}
            label="库存"
            inputProps={{ placeholder: '可兑换的数量', type: 'number', maxLength: 7 }}
          />
        )}
        <LabeledInput
          form="mall-item-edit"
          {...bind('perMemberLimit')}
          label="每人限兑"
          inputProps={{ placeholder: `1–${MAX_PER_MEMBER_LIMIT}`, type: 'number', maxLength: 2 }}
        />
        <LabeledInput
          form="mall-item-edit"
          {...bind('pickup')}
          label="领取地点"
          inputProps={{ placeholder: '地点和时间，如 服务大厅（工作日 9:00–17:00）', maxLength: 200 }}
        />
      </FormSection>

      <TextAreaField
        form="mall-item-edit"
        name="description"
        label="商品介绍"
        value={form.description}
        placeholder="规格、用途等（选填）"
        maxLength={MAX_DESCRIPTION}
        error={errors.description}
        onChange={(v) => set('description', v)}
      />

      {item && (
        <View className="su-card mall-item-edit-choices">
          <View className="mall-item-edit-label">状态</View>
          <ChipChoices
            form="mall-item-edit"
            group="statuses"
            item="status"
            values={MALL_ITEM_STATUSES}
            labels={MALL_ITEM_STATUS_LABELS}
            active={(s) => form.status === s}
            onPick={(s) => set('status', s)}
          />
          <View className="mall-item-edit-hint">下架后会员看不到该商品，已兑换的订单照常领取</View>
        </View>
      )}

      <SubmitBar className="mall-item-edit-save" saving={editor.saving} onSubmit={() => void editor.save()}>
        {item ? '保存' : '上架商品'}
      </SubmitBar>
    </View>
  );
}
