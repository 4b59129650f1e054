import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Input, Switch, Toast } from '@nutui/nutui-react-taro';
import {
  AMENITIES,
  AMENITY_LABELS,
  CoordSystem,
  HHMM_PATTERN,
  MAX_STATION_CAPACITY,
  Permission,
  STATION_LEVEL_LABELS,
  STATION_LEVELS,
  STATION_STATUS_LABELS,
  STATION_STATUSES,
  StationLevel,
  StationStatus,
  type Amenity,
  type MeResponse,
  type OpeningHours,
  type OrgRef,
  type StationResponse,
} from '@smartunion/contracts';

import { AmenityTags, Chip } from '../../../components/amenity-tags';
import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { LabeledInput } from '../../../components/labeled-input';
import { OrgChooser } from '../../../components/org-chooser';
import { FailedState, FieldError, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { hasPermission } from '../../../services/permissions';
import { Routes } from '../../../services/routes';
import { createStation, formatHours, getStation, updateStation } from '../../../services/stations';

import './index.scss';

/** What the form edits, as typed. */
interface Form {
  name: string;
  address: string;
  always: boolean;
  opens: string;
  closes: string;
  capacity: string;
  amenities: Amenity[];
  level: StationLevel;
  verifiedOnly: boolean;
  status: StationStatus;
  /** New stations only: the owning org and the location in GCJ-02. */
  org: OrgRef | null;
  lat: string;
  lng: string;
}

type Errors = Partial<Record<'name' | 'address' | 'hours' | 'capacity' | 'org' | 'location', string>>;

type EditState = LoadState<{ me: MeResponse; station: StationResponse | null; canWrite: boolean }>;

const EMPTY_FORM: Form = {
  name: '',
  address: '',
  always: false,
  opens: '08:00',
  closes: '20:00',
  capacity: '',
  amenities: [],
  level: StationLevel.County,
  verifiedOnly: false,
  status: StationStatus.Active,
  org: null,
  lat: '',
  lng: '',
};

function formOf(station: StationResponse): Form {
  return {
    name: station.name,
    address: station.address,
    always: station.hours.always,
    opens: station.hours.opens ?? '08:00',
    closes: station.hours.closes ?? '20:00',
    capacity: String(station.capacity),
    amenities: [...station.amenities],
    level: station.level,
    verifiedOnly: station.verifiedOnly,
    status: station.status,
    org: station.org,
    lat: String(station.location.lat),
    lng: String(station.location.lng),
  };
}

function hoursOf(form: Form): OpeningHours {
  return form.always
    ? { always: true }
    : { always: false, opens: form.opens.trim(), closes: form.closes.trim() };
}

/** The problems the API would refuse, caught before sending; empty when the form may be saved. */
function validate(form: Form, creating: boolean): Errors {
  const errors: Errors = {};
  const name = form.name.trim();
  const address = form.address.trim();
  if (name.length < 2 || name.length > 60) errors.name = '请填写驿站名称（2–60 字）';
  if (address.length < 2 || address.length > 200) errors.address = '请填写详细地址（2–200 字）';
  if (!form.always) {
    const opens = form.opens.trim();
    const closes = form.closes.trim();
    if (!HHMM_PATTERN.test(opens) || !HHMM_PATTERN.test(closes)) {
      errors.hours = '请按 08:00 的格式填写开始和结束时间';
    } else if (opens === closes) {
      errors.hours = '开始和结束时间不能相同；全天开放请打开「24 小时」';
    }
  }
  const capacity = Number(form.capacity);
  if (!/^\d+$/.test(form.capacity.trim()) || capacity < 1 || capacity > MAX_STATION_CAPACITY) {
    errors.capacity = `请填写可容纳人数（1–${MAX_STATION_CAPACITY}）`;
  }
  if (creating) {
    if (!form.org) errors.org = '请选择驿站所属组织';
    const lat = Number(form.lat);
    const lng = Number(form.lng);
    const valid =
      form.lat.trim() !== '' &&
      form.lng.trim() !== '' &&
      Number.isFinite(lat) &&
      Number.isFinite(lng) &&
      Math.abs(lat) <= 90 &&
      Math.abs(lng) <= 180;
    if (!valid) errors.location = '请填写有效的纬度和经度（GCJ-02，如 37.7955 与 112.5782）';
  }
  return errors;
}

/** One station of the scope: its form for station:write, its details for station:read; no id creates one. */
export default function WorkbenchStationEditPage(): ReactNode {
  const id = useRouter().params.id ?? '';
  const [state, setState] = useState<EditState>({ status: 'loading' });
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const [me, station] = await Promise.all([getMe(), id ? getStation(id) : Promise.resolve(null)]);
      const canWrite = hasPermission(me, Permission.StationWrite);
      if (station) setForm(formOf(station));
      setState({ status: 'ready', me, station, canWrite });
      const title = !station ? '新建驿站' : canWrite ? '编辑驿站' : '驿站信息';
      Taro.setNavigationBarTitle({ title }).catch(() => undefined);
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [id]);

  useDidShow(() => {
    if (state.status !== 'ready') void load();
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]): void =>
    setForm((f) => ({ ...f, [key]: value }));

  async function save(): Promise<void> {
    if (state.status !== 'ready' || saving) return;
    const station = state.station;
    const found = validate(form, !station);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const common = {
        name: form.name.trim(),
        address: form.address.trim(),
        hours: hoursOf(form),
        capacity: Number(form.capacity),
        amenities: form.amenities,
        level: form.level,
        verifiedOnly: form.verifiedOnly,
      };
      if (station) {
        const saved = await updateStation(station.id, { ...common, status: form.status });
        setForm(formOf(saved));
        setState({ ...state, station: saved });
        showSuccess('已保存');
      } else {
        const created = await createStation({
          ...common,
          orgId: form.org?.id ?? '',
          location: { lat: Number(form.lat), lng: Number(form.lng) },
          coord: CoordSystem.Gcj02,
          photos: [],
        });
        showSuccess('驿站已创建');
        await Taro.redirectTo({ url: `${Routes.WorkbenchStationEdit}?id=${created.id}` });
      }
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <View className="page station-edit">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="station-edit-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' &&
        (state.canWrite ? (
          <StationForm
            me={state.me}
            station={state.station}
            form={form}
            errors={errors}
            saving={saving}
            set={set}
            onSave={() => void save()}
          />
        ) : (
          state.station && <StationView station={state.station} />
        ))}
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** Read-only, for station masters (station:read without station:write). */
function StationView({ station }: { station: StationResponse }): ReactNode {
  return (
    <View>
      <CellGroup title={station.name}>
        <Cell title="所属组织" extra={station.org.name} />
        <Cell title="级别" extra={STATION_LEVEL_LABELS[station.level]} />
        <Cell title="状态" extra={STATION_STATUS_LABELS[station.status]} />
        <Cell title="地址" description={station.address} />
        <Cell className="station-edit-view-hours" title="开放时间" extra={formatHours(station.hours)} />
        <Cell title="可容纳" extra={`${station.capacity} 人`} />
        <Cell title="仅限实名会员" extra={station.verifiedOnly ? '是' : '否'} />
        <Cell
          title="站长"
          extra={station.masters.length > 0 ? station.masters.map((m) => m.displayName).join('、') : '未指定'}
        />
      </CellGroup>
      <View className="su-card">
        <View className="station-edit-label">服务设施</View>
        <AmenityTags amenities={station.amenities} />
      </View>
    </View>
  );
}

interface FormProps {
  me: MeResponse;
  station: StationResponse | null;
  form: Form;
  errors: Errors;
  saving: boolean;
  set: <K extends keyof Form>(key: K, value: Form[K]) => void;
  onSave: () => void;
}

function StationForm({ me, station, form, errors, saving, set, onSave }: FormProps): ReactNode {
  const toggleAmenity = (a: Amenity): void =>
    set(
      'amenities',
      form.amenities.includes(a) ? form.amenities.filter((x) => x !== a) : [...form.amenities, a],
    );

  return (
    <View className="station-edit-form">
      {station ? (
        <View className="su-card station-edit-owner">
          <View className="su-card-line">所属组织 {station.org.name}</View>
          <View className="su-card-line">
            位置（GCJ-02）{station.location.lat}, {station.location.lng}
          </View>
        </View>
      ) : (
        <>
          <OrgChooser
            me={me}
            permission={Permission.StationWrite}
            grassrootsOnly={false}
            title="所属组织"
            value={form.org}
            onChange={(org) => set('org', org)}
          />
          <FieldError name="org" message={errors.org} />
        </>
      )}

      <View className="station-edit-group">
        <LabeledInput
          form="station-edit"
          name="name"
          label="名称"
          value={form.name}
          error={errors.name}
          onChange={(v) => set('name', v)}
          inputProps={{ placeholder: '如 亲贤街户外劳动者服务站', maxLength: 60 }}
        />
        <LabeledInput
          form="station-edit"
          name="address"
          label="地址"
          value={form.address}
          error={errors.address}
          onChange={(v) => set('address', v)}
          inputProps={{ placeholder: '详细地址', maxLength: 200 }}
        />
        {!station && (
          <>
            <LabeledInput
              form="station-edit"
              name="lat"
              label="纬度"
              value={form.lat}
              onChange={(v) => set('lat', v)}
              inputProps={{ placeholder: 'GCJ-02，如 37.7955', type: 'digit' }}
            />
            <LabeledInput
              form="station-edit"
              name="lng"
              label="经度"
              value={form.lng}
              error={errors.location}
              onChange={(v) => set('lng', v)}
              inputProps={{ placeholder: 'GCJ-02，如 112.5782', type: 'digit' }}
            />
            <View className="station-edit-hint">坐标请从高德或腾讯地图拾取（GCJ-02 火星坐标）</View>
          </>
        )}
        <LabeledInput
          form="station-edit"
          name="capacity"
          label="可容纳人数"
          value={form.capacity}
          error={errors.capacity}
          onChange={(v) => set('capacity', v)}
          inputProps={{ placeholder: '同时可容纳的人数', type: 'number', maxLength: 5 }}
        />
      </View>

      <View className="station-edit-group">
        <View className="station-edit-row station-edit-row--always">
          <View className="station-edit-label">24 小时开放</View>
          <Switch
            className="station-edit-always"
            checked={form.always}
            onChange={(on) => set('always', on)}
          />
        </View>
        {!form.always && (
          <View className="station-edit-row station-edit-row--hours">
            <View className="station-edit-label">开放时间</View>
            <LabeledHour name="opens" value={form.opens} onChange={(v) => set('opens', v)} />
            <View className="station-edit-dash">–</View>
            <LabeledHour name="closes" value={form.closes} onChange={(v) => set('closes', v)} />
          </View>
        )}
        {!form.always && (
          <View className="station-edit-hint">结束早于开始表示营业到次日，如 20:00–02:00</View>
        )}
        <FieldError name="hours" message={errors.hours} />
      </View>

      <View className="su-card station-edit-choices">
        <View className="station-edit-label">服务设施</View>
        <View className="station-edit-chips station-edit-amenities">
          {AMENITIES.map((a) => (
            <Chip
              key={a}
              className={`station-edit-amenity station-edit-amenity--${a}`}
              active={form.amenities.includes(a)}
              label={AMENITY_LABELS[a]}
              onClick={() => toggleAmenity(a)}
            />
          ))}
        </View>
        <View className="station-edit-label">级别</View>
        <View className="station-edit-chips station-edit-levels">
          {STATION_LEVELS.map((l) => (
            <Chip
              key={l}
              className={`station-edit-level station-edit-level--${l}`}
              active={form.level === l}
              label={STATION_LEVEL_LABELS[l]}
              onClick={() => set('level', l)}
            />
          ))}
        </View>
        {station && (
          <>
            <View className="station-edit-label">状态</View>
            <View className="station-edit-chips station-edit-statuses">
              {STATION_STATUSES.map((s) => (
                <Chip
                  key={s}
                  className={`station-edit-status station-edit-status--${s}`}
                  active={form.status === s}
                  label={STATION_STATUS_LABELS[s]}
                  onClick={() => set('status', s)}
                />
              ))}
            </View>
          </>
        )}
        <View className="station-edit-row station-edit-row--verified">
          <View className="station-edit-label">仅限实名认证会员</View>
          <Switch
            className="station-edit-verified"
            checked={form.verifiedOnly}
            onChange={(on) => set('verifiedOnly', on)}
          />
        </View>
      </View>

      <View className="su-actions">
        <Button className="station-edit-save" type="primary" block loading={saving} onClick={onSave}>
          {station ? '保存' : '创建驿站'}
        </Button>
      </View>
    </View>
  );
}

/** An 'HH:MM' field of the opening hours. */
function LabeledHour({
  name,
  value,
  onChange,
}: {
  name: 'opens' | 'closes';
  value: string;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <Input
      className={`station-edit-hour station-edit-hour--${name}`}
      name={name}
      value={value}
      placeholder={name === 'opens' ? '08:00' : '20:00'}
      maxLength={5}
      onChange={onChange}
    />
  );
}
