import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { CoordSystem, StoreStatus, type MerchantResponse, type StoreResponse } from '@smartunion/contracts';

import { showError, showFailure, showSuccess } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { EmptyState, FieldError } from '../../../components/page-state';
import { addMerchantStore, STORE_STATUS_LABELS, updateMerchantStore } from '../../../services/benefits';
import { IS_H5 } from '../../../services/env';
import {
  EMPTY_STORE,
  isNameTaken,
  pointOf,
  storeChanges,
  type StoreErrors,
  type StoreForm,
  storeFormOf,
  storeServerErrors,
  validateStore,
} from './merchant-form';

/** Which store the form edits: a new one, or an existing one. */
type Editing = { store: StoreResponse | null } | null;

/** The merchant's stores: each with its address and location, closed and reopened here; add and edit one. */
export function StoresSection({
  merchant,
  onChanged,
}: {
  merchant: MerchantResponse;
  onChanged: () => void;
}): ReactNode {
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);

  async function toggle(store: StoreResponse): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      const status = store.status === StoreStatus.Active ? StoreStatus.Closed : StoreStatus.Active;
      await updateMerchantStore(merchant.id, store.id, { status });
      showSuccess(status === StoreStatus.Closed ? '门店已停业' : '门店已恢复营业');
      onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="merchant-stores">
      <View className="merchant-stores-head">
        <View className="su-section-title merchant-stores-title">门店（{merchant.stores.length}）</View>
        {editing === null && (
          <Button
            className="merchant-stores-add"
            size="small"
            type="primary"
            onClick={() => setEditing({ store: null })}
          >
            添加门店
          </Button>
        )}
      </View>
      {editing !== null && (
        <StoreEditor
          key={editing.store?.id ?? 'new'}
          merchantId={merchant.id}
          store={editing.store}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {merchant.stores.length === 0 && editing === null && (
        <EmptyState
          className="merchant-stores-empty"
          title="还没有门店"
          description="添加门店后，会员可以在附近门店中找到它"
        />
      )}
      {merchant.stores.map((s) => (
        <View
          key={s.id}
          className={`su-card merchant-store merchant-store--${s.status}`}
          data-store-id={s.id}
        >
          <View className="merchant-store-head">
            <View className="su-card-title merchant-store-name">{s.name}</View>
            <View className={`merchant-store-status merchant-store-status--${s.status}`}>
              {STORE_STATUS_LABELS[s.status]}
            </View>
          </View>
          <View className="su-card-line merchant-store-address">{s.address}</View>
          <View className="su-card-line merchant-store-location">
            位置（GCJ-02）{s.location.lat}, {s.location.lng}
          </View>
          {s.phone && <View className="su-card-line merchant-store-phone">电话 {s.phone}</View>}
          <View className="su-card-actions">
            <Button className="merchant-store-edit" size="small" onClick={() => setEditing({ store: s })}>
              编辑
            </Button>
            <Button
              className="merchant-store-toggle"
              size="small"
              disabled={busy}
              onClick={() => void toggle(s)}
            >
              {s.status === StoreStatus.Active ? '停业' : '恢复营业'}
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}

/** The form of one store: name, address, phone and its location (the map picker, or typed on H5). */
function StoreEditor({
  merchantId,
  store,
  onDone,
  onCancel,
}: {
  merchantId: string;
  store: StoreResponse | null;
  onDone: () => void;
  onCancel: () => void;
}): ReactNode {
  const [form, setForm] = useState<StoreForm>(store ? storeFormOf(store) : EMPTY_STORE);
  const [errors, setErrors] = useState<StoreErrors>({});
  const [saving, setSaving] = useState(false);

  const set = <K extends keyof StoreForm>(key: K, value: StoreForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key === 'lat' || key === 'lng' ? 'location' : key]: undefined }));
  };

  /** Mini-programs: the platform's map picker answers GCJ-02, the datum the API defaults to. */
  async function pick(): Promise<void> {
    try {
      const point = pointOf(form);
      const res = await Taro.chooseLocation(point ? { latitude: point.lat, longitude: point.lng } : {});
      setForm((f) => ({
        ...f,
        lat: String(res.latitude),
        lng: String(res.longitude),
        address: f.address.trim() ? f.address : (res.address || res.name || '').slice(0, 200),
      }));
      setErrors((e) => ({ ...e, location: undefined, address: undefined }));
    } catch (error) {
      // Closing the map without choosing is no failure.
      const message =
        typeof error === 'object' && error !== null && 'errMsg' in error ? String(error.errMsg) : '';
      if (!message.includes('cancel')) showError(error);
    }
  }

  async function save(): Promise<void> {
    if (saving) return;
    const found = validateStore(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showFailure('请检查标红的内容');
      return;
    }
    setSaving(true);
    try {
      if (store) {
        const patch = storeChanges(form, store);
        if (Object.keys(patch).length === 0) {
          showFailure('没有修改');
          return;
        }
        await updateMerchantStore(merchantId, store.id, patch);
        showSuccess('门店已保存');
      } else {
        const phone = form.phone.trim();
        await addMerchantStore(merchantId, {
          name: form.name.trim(),
          address: form.address.trim(),
          location: pointOf(form) ?? { lat: 0, lng: 0 },
          coord: CoordSystem.Gcj02,
          phone: phone || undefined,
        });
        showSuccess('门店已添加');
      }
      onDone();
    } catch (error) {
      const fields = storeServerErrors(error);
      if (fields) setErrors(fields);
      if (isNameTaken(error)) showFailure('该商户已有同名门店');
      else showError(error);
    } finally {
      setSaving(false);
    }
  }

  const point = pointOf(form);
  return (
    <View className="merchant-store-form">
      <View className="merchant-edit-group">
        <LabeledInput
          form="merchant-store"
          name="name"
          label="门店名称"
          value={form.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ placeholder: '如 晋味坊刀削面（亲贤街店）', maxLength: 100 }}
        />
        <LabeledInput
          form="merchant-store"
          name="address"
          label="地址"
          value={form.address}
          error={errors.address}
          onChange={(v) => set('address', v)}
          inputProps={{ placeholder: '详细地址', maxLength: 200 }}
        />
        <LabeledInput
          form="merchant-store"
          name="phone"
          label="门店电话"
          value={form.phone}
          error={errors.phone}
          onChange={(v) => set('phone', v)}
          inputProps={{ placeholder: '选填，手机号或 0351-1234567', maxLength: 13 }}
        />
        {IS_H5 ? (
          <>
            <LabeledInput
              form="merchant-store"
              name="lat"
              label="纬度"
              value={form.lat}
              onChange={(v) => set('lat', v)}
              inputProps={{ placeholder: 'GCJ-02，如 37.8205', type: 'digit' }}
            />
            <LabeledInput
              form="merchant-store"
              name="lng"
              label="经度"
              value={form.lng}
              onChange={(v) => set('lng', v)}
              inputProps={{ placeholder: 'GCJ-02，如 112.5642', type: 'digit' }}
            />
            <View className="merchant-edit-hint">坐标请从高德或腾讯地图拾取（GCJ-02 火星坐标）</View>
          </>
        ) : (
          <CellGroup>
            <Cell
              className="merchant-store-pick"
              title="门店位置"
              description={point ? `GCJ-02 ${point.lat}, ${point.lng}` : undefined}
              extra={point ? '重新选择' : '在地图上选择'}
              clickable
              onClick={() => void pick()}
            />
          </CellGroup>
        )}
        <FieldError name="location" message={errors.location} />
      </View>
      <View className="su-actions merchant-store-actions">
        <Button
          className="merchant-store-save"
          type="primary"
          block
          loading={saving}
          onClick={() => void save()}
        >
          {store ? '保存门店' : '添加门店'}
        </Button>
        <Button className="merchant-store-cancel" block onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
