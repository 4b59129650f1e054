import { useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Input, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  ATTENDANCE_RADIUS_M,
  EQUIPMENT_ITEM_LABELS,
  EQUIPMENT_ITEMS,
  EQUIPMENT_STATUS_LABELS,
  EQUIPMENT_STATUSES,
  EquipmentStatus,
  MAX_EQUIPMENT_NOTE_LENGTH,
  type EquipmentItem,
  STATION_STATUS_LABELS,
  StationVisitStatus,
  type MyStationResponse,
  type StationDoorCodeResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { IS_H5 } from '../../../services/env';
import { formatDateTime } from '../../../services/format';
import {
  checkIn,
  doorCode,
  equipmentReports,
  myStations,
  reportEquipment,
  tooFarDistance,
  visitorsToday,
} from '../../../services/station-ops';
import { currentPosition, formatHours } from '../../../services/stations';

import './index.scss';

const VISIT_STATUS_LABELS: Readonly<Record<StationVisitStatus, string>> = {
  [StationVisitStatus.Opened]: '已开门',
  [StationVisitStatus.Pending]: '开门中',
  [StationVisitStatus.Failed]: '未开门',
};

/** 站长工作台: for each station the caller masters, today's check-in, today's visitors, equipment and the door QR. */
export default function StationDutyPage(): ReactNode {
  // Counts the page's shows: the sections below reload on each (useDidShow never fires in a child mounted later).
  const [shows, setShows] = useState(0);

  const page = usePageData(async () => ({ mine: await myStations() }), { login: true });
  useDidShow(() => setShows((n) => n + 1));

  return (
    <View className="page station-duty">
      <PageBody
        page={page}
        failedClassName="station-duty-failed"
        empty={{
          when: (ready) => ready.mine.items.length === 0,
          className: 'station-duty-empty',
          title: '您还没有负责的驿站',
          description: '由驿站所属工会在驿站管理中指定站长',
        }}
      >
        {({ mine }) =>
          mine.items.map((station) => <StationDuty key={station.id} station={station} shows={shows} />)
        }
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

type CheckInState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'done'; checkedInAt: string; distanceMeters: number }
  | { status: 'too-far'; distanceMeters: number }
  | { status: 'failed'; message: string };

function StationDuty({ station, shows }: { station: MyStationResponse; shows: number }): ReactNode {
  return (
    <View className={`station-duty-station station-duty-station--${station.id}`}>
      <View className="su-card">
        <View className="su-card-title station-duty-name">{station.name}</View>
        <View className="su-card-line station-duty-address">{station.address}</View>
        <View className="su-card-line">
          {station.org.name} · 开放时间 {formatHours(station.hours)} · {STATION_STATUS_LABELS[station.status]}
        </View>
      </View>
      <CheckIn station={station} />
      <Visitors stationId={station.id} shows={shows} />
      <Equipment stationId={station.id} shows={shows} />
      <DoorCode stationId={station.id} />
    </View>
  );
}

function CheckIn({ station }: { station: MyStationResponse }): ReactNode {
  const [state, setState] = useState<CheckInState>(
    station.attendance ? { status: 'done', ...station.attendance } : { status: 'idle' },
  );

  async function onCheckIn(): Promise<void> {
    setState({ status: 'locating' });
    const point = await currentPosition();
    if (!point) {
      setState({ status: 'failed', message: '无法获取当前位置，请允许定位后重试' });
      return;
    }
    try {
      const done = await checkIn(station.id, { lat: point.lat, lng: point.lng, coord: point.coord });
      setState({ status: 'done', checkedInAt: done.checkedInAt, distanceMeters: done.distanceMeters });
    } catch (error) {
      const distance = tooFarDistance(error);
      setState(
        distance === null
          ? { status: 'failed', message: errorMessage(error) }
          : { status: 'too-far', distanceMeters: distance },
      );
    }
  }

  return (
    <View className="su-card station-duty-checkin">
      <View className="station-duty-section-head">
        <View className="station-duty-section-title">今日签到</View>
        {state.status === 'done' && <View className="station-duty-checked">已签到</View>}
      </View>
      {state.status === 'done' ? (
        <View className="su-card-line station-duty-checked-at">
          {formatDateTime(state.checkedInAt).slice(11)} 签到 · 距驿站 {state.distanceMeters} 米
        </View>
      ) : (
        <View>
          <View className="su-card-line">请在驿站 {ATTENDANCE_RADIUS_M} 米范围内签到，每天一次</View>
          {state.status === 'too-far' && (
            <View className="station-duty-error station-duty-too-far">
              距驿站 {state.distanceMeters} 米，超出 {ATTENDANCE_RADIUS_M} 米签到范围，请到驿站后再签到
            </View>
          )}
          {state.status === 'failed' && (
            <View className="station-duty-error station-duty-checkin-error">{state.message}</View>
          )}
          <View className="su-card-actions">
            <Button
              className="station-duty-checkin-button"
              type="primary"
              size="small"
              loading={state.status === 'locating'}
              onClick={() => void onCheckIn()}
            >
              今日签到
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

function Visitors({ stationId, shows }: { stationId: string; shows: number }): ReactNode {
  // Again on each show of the page (see `shows`).
  const { state, setState, reload } = usePageData(async () => ({ today: await visitorsToday(stationId) }), {
    onShow: false,
    deps: [stationId, shows],
  });

  return (
    <View className="su-card station-duty-visitors">
      <View className="station-duty-section-head">
        <View className="station-duty-section-title">今日访客</View>
        <View
          className="station-duty-refresh"
          onClick={() => {
            setState({ status: 'loading' });
            void reload();
          }}
        >
          刷新
        </View>
      </View>
      {state.status === 'loading' && <View className="su-card-line">加载中…</View>}
      {state.status === 'failed' && <View className="station-duty-error">{state.message}</View>}
      {state.status === 'ready' && (
        <View>
          <View className="su-card-line station-duty-counts">
            开门 {state.today.counts.visits} 次 · 访客 {state.today.counts.uniqueVisitors} 人 · 未开门{' '}
            {state.today.counts.failed} 次
          </View>
          {state.today.items.length === 0 ? (
            <View className="su-card-line station-duty-no-visitors">今日暂无访客</View>
          ) : (
            state.today.items.map((visit) => (
              <View key={visit.visitId} className="station-duty-visitor">
                <View className="station-duty-visitor-name">{visit.memberName}</View>
                <View className="station-duty-visitor-time">{formatDateTime(visit.at).slice(11)}</View>
                <View className={`station-duty-visitor-status station-duty-visitor-status--${visit.status}`}>
                  {VISIT_STATUS_LABELS[visit.status]}
                </View>
              </View>
            ))
          )}
        </View>
      )}
    </View>
  );
}

function DoorCode({ stationId }: { stationId: string }): ReactNode {
  const [code, setCode] = useState<StationDoorCodeResponse | null>(null);
  const [loading, setLoading] = useState(false);

  async function onShow(): Promise<void> {
    setLoading(true);
    try {
      setCode(await doorCode(stationId));
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  }

  return (
    <View className="su-card station-duty-door">
      <View className="station-duty-section-head">
        <View className="station-duty-section-title">开门二维码</View>
      </View>
      {code ? (
        <View className="station-duty-door-body">
          <Image className="station-duty-door-qr" src={code.qrDataUrl} mode="aspectFit" />
          <View className="su-card-line">打印后张贴在驿站门口，会员扫码即可开门</View>
          {IS_H5 && (
            <View className="su-card-actions">
              <Button className="station-duty-door-print" size="small" onClick={() => window.print()}>
                打印
              </Button>
            </View>
          )}
        </View>
      ) : (
        <View>
          <View className="su-card-line">会员扫描门上的二维码开门，需要时可重新打印</View>
          <View className="su-card-actions">
            <Button
              className="station-duty-door-show"
              size="small"
              loading={loading}
              onClick={() => void onShow()}
            >
              显示开门二维码
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

type EquipmentForm = Record<EquipmentItem, { status: EquipmentStatus; note: string }>;

const blankEquipment = (): EquipmentForm =>
  Object.fromEntries(
    EQUIPMENT_ITEMS.map((item) => [item, { status: EquipmentStatus.Ok, note: '' }]),
  ) as EquipmentForm;

/** 设备状况: each item 正常/故障/缺失 with a note; the latest report is shown above the form. */
function Equipment({ stationId, shows }: { stationId: string; shows: number }): ReactNode {
  const [form, setForm] = useState<EquipmentForm>(blankEquipment);
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);

  // Again on each show of the page (see `shows`).
  const { state: latest, setState: setLatest } = usePageData(
    async () => ({ report: (await equipmentReports(stationId)).items[0] ?? null }),
    { onShow: false, deps: [stationId, shows] },
  );

  const set = (item: EquipmentItem, change: Partial<EquipmentForm[EquipmentItem]>): void =>
    setForm((f) => ({ ...f, [item]: { ...f[item], ...change } }));

  async function onSubmit(): Promise<void> {
    setSubmitting(true);
    try {
      const report = await reportEquipment(stationId, {
        items: EQUIPMENT_ITEMS.map((item) => {
          const trimmed = form[item].note.trim();
          return trimmed
            ? { item, status: form[item].status, note: trimmed }
            : { item, status: form[item].status };
        }),
        note: note.trim() || undefined,
      });
      setLatest({ status: 'ready', report });
      setForm(blankEquipment());
      setNote('');
      showSuccess('设备状况已提交');
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <View className="su-card station-duty-equipment">
      <View className="station-duty-section-head">
        <View className="station-duty-section-title">设备状况</View>
      </View>
      {latest.status === 'loading' && <View className="su-card-line">加载中…</View>}
      {latest.status === 'failed' && <View className="station-duty-error">{latest.message}</View>}
      {latest.status === 'ready' &&
        (latest.report ? (
          <View className="station-duty-equipment-latest">
            <View className="su-card-line station-duty-equipment-latest-at">
              最近上报 <Nowrap>{formatDateTime(latest.report.createdAt)}</Nowrap> ·{' '}
              {latest.report.reportedBy.displayName} ·{' '}
              {latest.report.faults > 0 ? `${latest.report.faults} 项待修` : '全部正常'}
            </View>
            {latest.report.items
              .filter((i) => i.status !== EquipmentStatus.Ok)
              .map((i) => (
                <View
                  key={i.item}
                  className={`su-card-line station-duty-equipment-fault station-duty-equipment-fault--${i.item}`}
                >
                  {EQUIPMENT_ITEM_LABELS[i.item]}：{EQUIPMENT_STATUS_LABELS[i.status]}
                  {i.note ? `（${i.note}）` : ''}
                </View>
              ))}
          </View>
        ) : (
          <View className="su-card-line station-duty-equipment-none">尚未上报设备状况</View>
        ))}
      {EQUIPMENT_ITEMS.map((item) => (
        <View key={item} className={`station-duty-equipment-item station-duty-equipment-item--${item}`}>
          <View className="station-duty-equipment-row">
            <View className="station-duty-equipment-label">{EQUIPMENT_ITEM_LABELS[item]}</View>
            {EQUIPMENT_STATUSES.map((status) => (
              <View
                key={status}
                className={`station-duty-equipment-status station-duty-equipment-status--${status}${
                  form[item].status === status ? ' station-duty-equipment-status--active' : ''
                }`}
                onClick={() => set(item, { status })}
              >
                {EQUIPMENT_STATUS_LABELS[status]}
              </View>
            ))}
          </View>
          {form[item].status !== EquipmentStatus.Ok && (
            <Input
              className={`station-duty-equipment-note station-duty-equipment-note--${item}`}
              value={form[item].note}
              placeholder="请说明问题（选填）"
              maxLength={MAX_EQUIPMENT_NOTE_LENGTH}
              onChange={(value) => set(item, { note: value })}
            />
          )}
        </View>
      ))}
      <TextArea
        className="station-duty-equipment-notes"
        value={note}
        placeholder="补充说明（选填）"
        maxLength={MAX_EQUIPMENT_NOTE_LENGTH}
        onChange={setNote}
      />
      <View className="su-card-actions">
        <Button
          className="station-duty-equipment-submit"
          type="primary"
          size="small"
          loading={submitting}
          onClick={() => void onSubmit()}
        >
          提交设备状况
        </Button>
      </View>
    </View>
  );
}
