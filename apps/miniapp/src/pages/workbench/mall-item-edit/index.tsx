import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  MALL_ITEM_STATUS_LABELS,
  MALL_ITEM_STATUSES,
  MAX_PER_MEMBER_LIMIT,
  Permission,
  type MallItemResponse,
  type MeResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { errorMessage, showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { OrgChooser } from '../../../components/org-chooser';
import { FailedState, FieldError, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { adminMallItem, createMallItem, updateMallItem } from '../../../services/points';
import { Routes } from '../../../services/routes';
import {
  changesOf,
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

type EditState = LoadState<{ me: MeResponse; item: MallItemResponse | null }>;

/** One mall item of the scope: its form and its orders; no id creates one. */
export default function WorkbenchMallItemEditPage(): ReactNode {
  const id = useRouter().params.id ?? '';
  const [state, setState] = useState<EditState>({ status: 'loading' });
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const [me, item] = await Promise.all([getMe(), id ? adminMallItem(id) : Promise.resolve(null)]);
      if (item) setForm(formOf(item));
      setState({ status: 'ready', me, item });
      Taro.setNavigationBarTitle({ title: item ? '编辑商品' : '新建商品' }).catch(() => undefined);
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [id]);

  useDidShow(() => {
    if (state.status !== 'ready') void load();
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]): void =>
    setForm((f) => ({ ...f, [key]: value }));

  /** After an order was cancelled: the stock and the redeemed count moved. */
  async function refreshItem(): Promise<void> {
    if (state.status !== 'ready' || !state.item) return;
    try {
      const item = await adminMallItem(state.item.id);
      setState({ ...state, item });
    } catch (error) {
      showError(error);
    }
  }

  async function save(): Promise<void> {
    if (state.status !== 'ready' || saving) return;
    const item = state.item;
    const found = validate(form, item);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showFailure('请检查标红的内容');
      return;
    }
    setSaving(true);
    try {
      if (item) {
        const patch = changesOf(form, item);
        if (Object.keys(patch).length === 0) {
          showFailure('没有修改');
          return;
        }
        const saved = await updateMallItem(item.id, patch);
        setForm(formOf(saved));
        setState({ ...state, item: saved });
        showSuccess('已保存');
      } else {
        const description = form.description.trim();
        const created = await createMallItem({
          orgId: form.org?.id ?? '',
          name: form.name.trim(),
          description: description || undefined,
          costPoints: Number(form.costPoints.trim()),
          stock: Number(form.stock.trim()),
          perMemberLimit: Number(form.perMemberLimit.trim()),
          pickup: form.pickup.trim(),
        });
        showSuccess('商品已上架');
        await Taro.redirectTo({ url: `${Routes.WorkbenchMallItemEdit}?id=${created.id}` });
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
    <View className="page mall-item-edit">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="mall-item-edit-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' && (
        <>
          <ItemForm
            me={state.me}
            item={state.item}
            form={form}
            errors={errors}
            saving={saving}
            set={set}
            onSave={() => void save()}
          />
          {state.item && <ItemOrders itemId={state.item.id} onCancelled={() => void refreshItem()} />}
        </>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

interface FormProps {
  me: MeResponse;
  item: MallItemResponse | null;
  form: Form;
  errors: Errors;
  saving: boolean;
  set: <K extends keyof Form>(key: K, value: Form[K]) => void;
  onSave: () => void;
}

function ItemForm({ me, item, form, errors, saving, set, onSave }: FormProps): ReactNode {
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
        <>
          <OrgChooser
            me={me}
            permission={Permission.PointsManage}
            grassrootsOnly={false}
            title="提供商品的组织（其下属工会的会员均可兑换）"
            value={form.org}
            onChange={(org) => set('org', org)}
          />
          <FieldError name="org" message={errors.org} />
        </>
      )}

      <View className="mall-item-edit-group">
        <LabeledInput
          form="mall-item-edit"
          name="name"
          label="商品名称"
          value={form.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ placeholder: '如 不锈钢保温杯', maxLength: 60 }}
        />
        <LabeledInput
          form="mall-item-edit"
          name="costPoints"
          label="所需积分"
          value={form.costPoints}
          error={errors.costPoints}
          onChange={(v) => set('costPoints', v)}
          inputProps={{ placeholder: '兑换一件所需积分', type: 'number', maxLength: 7 }}
        />
        {item ? (
          <>
            <LabeledInput
              form="mall-item-edit"
              name="stockDelta"
              label="库存增减"
              value={form.stockDelta}
              error={errors.stockDelta}
              onChange={(v) => set('stockDelta', v)}
              inputProps={{ placeholder: '补货填正数，减少填负数', maxLength: 8 }}
            />
            <View className="mall-item-edit-hint">
              当前库存 {item.stock}；按增减量调整，不会覆盖调整期间会员已兑换的数量
            </View>
          </>
        ) : (
          <LabeledInput
            form="mall-item-edit"
            name="stock"
            label="库存"
            value={form.stock}
            error={errors.stock}
            onChange={(v) => set('stock', v)}
            inputProps={{ placeholder: '可兑换的数量', type: 'number', maxLength: 7 }}
          />
        )}
        <LabeledInput
          form="mall-item-edit"
          name="perMemberLimit"
          label="每人限兑"
          value={form.perMemberLimit}
          error={errors.perMemberLimit}
          onChange={(v) => set('perMemberLimit', v)}
          inputProps={{ placeholder: `1–${MAX_PER_MEMBER_LIMIT}`, type: 'number', maxLength: 2 }}
        />
        <LabeledInput
          form="mall-item-edit"
          name="pickup"
          label="领取地点"
          value={form.pickup}
          error={errors.pickup}
          onChange={(v) => set('pickup', v)}
          inputProps={{ placeholder: '地点和时间，如 服务大厅（工作日 9:00–17:00）', maxLength: 200 }}
        />
      </View>

      <View className="mall-item-edit-group mall-item-edit-group--description">
        <View className="mall-item-edit-label">商品介绍</View>
        <TextArea
          className="mall-item-edit-description"
          value={form.description}
          placeholder="规格、用途等（选填）"
          maxLength={MAX_DESCRIPTION}
          showCount
          onChange={(v) => set('description', v)}
        />
        <FieldError name="description" message={errors.description} />
      </View>

      {item && (
        <View className="su-card mall-item-edit-choices">
          <View className="mall-item-edit-label">状态</View>
          <View className="mall-item-edit-chips mall-item-edit-statuses">
            {MALL_ITEM_STATUSES.map((s) => (
              <Chip
                key={s}
                className={`mall-item-edit-status mall-item-edit-status--${s}`}
                active={form.status === s}
                label={MALL_ITEM_STATUS_LABELS[s]}
                onClick={() => set('status', s)}
              />
            ))}
          </View>
          <View className="mall-item-edit-hint">下架后会员看不到该商品，已兑换的订单照常领取</View>
        </View>
      )}

      <View className="su-actions">
        <Button className="mall-item-edit-save" type="primary" block loading={saving} onClick={onSave}>
          {item ? '保存' : '上架商品'}
        </Button>
      </View>
    </View>
  );
}
