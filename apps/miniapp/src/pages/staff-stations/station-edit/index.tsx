import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Cell, CellGroup, Input } from '@nutui/nutui-react-taro';
import {
  AMENITIES,
  AMENITY_LABELS,
  CoordSystem,
  DEFAULT_DOOR_RADIUS_M,
  HHMM_PATTERN,
  MAX_DOOR_RADIUS_M,
  MAX_STATION_CAPACITY,
  MIN_DOOR_RADIUS_M,
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
  type CreateStationRequest,
  type StationResponse,
  type UpdateStationRequest,
} from '@smartunion/contracts';

import { AmenityTags } from '../../../components/amenity-tags';
import {
  ChipChoices,
  EditPage,
  type EditForm,
  FormSection,
  OrgField,
  SubmitBar,
  SwitchRow,
  toggled,
  useEditForm,
} from '../../../components/edit-form';
import { LabeledInput } from '../../../components/labeled-input';
import { FieldError } from '../../../components/page-state';
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
  /** Metres: members open the door only this near. */
  doorRadius: string;
  amenities: Amenity[];
  level: StationLevel;
  verifiedOnly: boolean;
  status: StationStatus;
  /** New stations only: the owning org and the location in GCJ-02. */
  org: OrgRef | null;
  lat: string;
  lng: string;
}

type Errors = Partial<
  Record<'name' | 'address' | 'hours' | 'capacity' | 'doorRadius' | 'org' | 'location', string>
>;

const EMPTY_FORM: Form = {
  name: '',
  address: '',
  always: false,
  opens: '08:00',
  closes: '20:00',
  capacity: '',
  doorRadius: String(DEFAULT_DOOR_RADIUS_M),
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
    doorRadius: String(station.doorRadiusMeters),
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
  const doorRadius = Number(form.doorRadius);
  if (
    !/^\d+$/.test(form.doorRadius.trim()) ||
    doorRadius < MIN_DOOR_RADIUS_M ||
    doorRadius > MAX_DOOR_RADIUS_M
  ) {
    errors.doorRadius = `请填写开门范围（${MIN_DOOR_RADIUS_M}–${MAX_DOOR_RADIUS_M} 米）`;
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

/** What create and update both send. */
function commonOf(
  form: Form,
): Pick<
  CreateStationRequest,
  'name' | 'address' | 'hours' | 'capacity' | 'doorRadiusMeters' | 'amenities' | 'level' | 'verifiedOnly'
> {
  return {
    name: form.name.trim(),
    address: form.address.trim(),
    hours: hoursOf(form),
    capacity: Number(form.capacity),
    doorRadiusMeters: Number(form.doorRadius),
    amenities: form.amenities,
    level: form.level,
    verifiedOnly: form.verifiedOnly,
  };
}

/** One station of the scope: its form for station:write, its details for station:read; no id creates one. */
export default function WorkbenchStationEditPage(): ReactNode {
  const editor = useEditForm({
    fetch: getStation,
    title: ({ me, record }) =>
      !record ? '新建驿站' : hasPermission(me, Permission.StationWrite) ? '编辑驿站' : '驿站信息',
    empty: () => EMPTY_FORM,
    formOf,
    validate: (form: Form, record) => validate(form, !record),
    clears: { opens: ['hours'], closes: ['hours'], always: ['hours'], lat: ['location'], lng: ['location'] },
    // The whole station is sent: every field the form shows is the station's.
    patch: (form): UpdateStationRequest => ({ ...commonOf(form), status: form.status }),
    update: updateStation,
    create: (form) =>
      createStation({
        ...commonOf(form),
        orgId: form.org?.id ?? '',
        location: { lat: Number(form.lat), lng: Number(form.lng) },
        coord: CoordSystem.Gcj02,
        photos: [],
      }),
    created: { message: '驿站已创建', route: Routes.WorkbenchStationEdit },
  });

  return (
    <EditPage className="station-edit" state={editor.state} onRetry={() => void editor.reload()}>
      {({ me, record: station }) =>
        hasPermission(me, Permission.StationWrite) ? (
          <StationForm me={me} station={station} editor={editor} />
        ) : (
          station && <StationView station={station} />
        )
      }
    </EditPage>
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
        <Cell title="扫码开门范围" extra={`${station.doorRadiusMeters} 米内`} />
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
  editor: EditForm<StationResponse, object, Form, Errors>;
}

function StationForm({ me, station, editor }: FormProps): ReactNode {
  const { form, errors, set, bind } = editor;

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
        <OrgField me={me} permission={Permission.StationWrite} title="所属组织" {...bind('org')} />
      )}

      <FormSection form="station-edit">
        <LabeledInput
          form="station-edit"
          {...bind('name')}
          label="名称"
          inputProps={{ placeholder: '如 亲贤街户外劳动者服务站', maxLength: 60 }}
        />
        <LabeledInput
          form="station-edit"
          {...bind('address')}
          label="地址"
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
          {...bind('capacity')}
          label="可容纳人数"
          inputProps={{ placeholder: '同时可容纳的人数', type: 'number', maxLength: 5 }}
        />
        <LabeledInput
          form="station-edit"
          {...bind('doorRadius')}
          label="开门范围（米）"
          inputProps={{ placeholder: `默认 ${DEFAULT_DOOR_RADIUS_M}`, type: 'number', maxLength: 4 }}
        />
        <View className="station-edit-hint">会员须在驿站此范围内才能扫码开门，以防拍下门禁码远程开门</View>
      </FormSection>

      <FormSection form="station-edit">
        <SwitchRow
          form="station-edit"
          row="always"
          className="station-edit-always"
          label="24 小时开放"
          checked={form.always}
          onChange={(on) => set('always', on)}
        />
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
      </FormSection>

      <View className="su-card station-edit-choices">
        <View className="station-edit-label">服务设施</View>
        <ChipChoices
          form="station-edit"
          group="amenities"
          item="amenity"
          values={AMENITIES}
          labels={AMENITY_LABELS}
          active={(a) => form.amenities.includes(a)}
          onPick={(a) => set('amenities', toggled(form.amenities, a))}
        />
        <View className="station-edit-label">级别</View>
        <ChipChoices
          form="station-edit"
          group="levels"
          item="level"
          values={STATION_LEVELS}
          labels={STATION_LEVEL_LABELS}
          active={(l) => form.level === l}
          onPick={(l) => set('level', l)}
        />
        {station && (
          <>
            <View className="station-edit-label">状态</View>
            <ChipChoices
              form="station-edit"
              group="statuses"
              item="status"
              values={STATION_STATUSES}
              labels={STATION_STATUS_LABELS}
              active={(s) => form.status === s}
              onPick={(s) => set('status', s)}
            />
          </>
        )}
        <SwitchRow
          form="station-edit"
          row="verified"
          className="station-edit-verified"
          label="仅限实名认证会员"
          checked={form.verifiedOnly}
          onChange={(on) => set('verifiedOnly', on)}
        />
      </View>

      <SubmitBar className="station-edit-save" saving={editor.saving} onSubmit={() => void editor.save()}>
        {station ? '保存' : '创建驿站'}
      </SubmitBar>
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
