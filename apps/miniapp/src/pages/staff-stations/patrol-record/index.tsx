import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Switch, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  MAX_PATROL_NOTE_LENGTH,
  MAX_PATROL_NOTES_LENGTH,
  PATROL_INTERVAL_MONTHS,
  PATROL_ITEM_LABELS,
  PATROL_ITEMS,
  Permission,
  STATION_LEVEL_LABELS,
  type PatrolCheck,
  type PatrolItem,
  type PatrolListResponse,
  type PatrolResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { formatDateTime } from '../../../services/format';
import { hasPermission } from '../../../services/permissions';
import { Routes } from '../../../services/routes';
import { createPatrol, listPatrols } from '../../../services/station-ops';
import { getStation } from '../../../services/stations';

import './index.scss';

type Checklist = Record<PatrolItem, { passed: boolean; note: string }>;

function freshChecklist(): Checklist {
  return Object.fromEntries(PATROL_ITEMS.map((item) => [item, { passed: true, note: '' }])) as Checklist;
}

/** 巡查记录: the fixed checklist of a patrol (station:write), then the station's earlier patrols. */
export default function PatrolRecordPage(): ReactNode {
  const stationId = useRouter().params.id ?? '';

  const page = usePageData(
    async () => {
      const [me, station, history] = await Promise.all([
        getMe(),
        getStation(stationId),
        listPatrols(stationId),
      ]);
      return { station, history, canWrite: hasPermission(me, Permission.StationWrite) };
    },
    { login: true },
  );

  return (
    <View className="page patrol-record">
      <PageBody page={page} failedClassName="patrol-record-failed">
        {(state) => (
          <View>
            <View className="su-card">
              <View className="su-card-title patrol-record-station">{state.station.name}</View>
              <View className="su-card-line">{state.station.address}</View>
              <View className="su-card-line">
                {state.station.org.name} · {STATION_LEVEL_LABELS[state.station.level]} · 每{' '}
                {PATROL_INTERVAL_MONTHS[state.station.level]} 个月巡查一次
              </View>
            </View>
            {state.canWrite && <PatrolForm stationId={state.station.id} />}
            <History history={state.history} />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** Back to the due list (which reloads as it shows); to it afresh when the form was opened directly. */
function backToList(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: Routes.WorkbenchPatrols });
}

function PatrolForm({ stationId }: { stationId: string }): ReactNode {
  const [checklist, setChecklist] = useState<Checklist>(freshChecklist);
  const [notes, setNotes] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [done, setDone] = useState(false);

  function set(item: PatrolItem, change: Partial<Checklist[PatrolItem]>): void {
    setChecklist((current) => ({ ...current, [item]: { ...current[item], ...change } }));
  }

  async function onSubmit(): Promise<void> {
    if (submitting || done) return;
    setSubmitting(true);
    try {
      const checks: PatrolCheck[] = PATROL_ITEMS.map((item) => {
        const note = checklist[item].note.trim();
        return { item, passed: checklist[item].passed, ...(note ? { note } : {}) };
      });
      const trimmed = notes.trim();
      await createPatrol(stationId, { checklist: checks, ...(trimmed ? { notes: trimmed } : {}) });
      setDone(true);
      showSuccess('巡查已记录');
      setTimeout(backToList, 800);
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  }

  const failed = PATROL_ITEMS.filter((item) => !checklist[item].passed).length;
  return (
    <View className="patrol-record-form">
      <View className="su-section-title">巡查项目{failed > 0 ? `（${failed} 项不合格）` : ''}</View>
      {PATROL_ITEMS.map((item) => (
        <View key={item} className={`su-card patrol-record-item patrol-record-item--${item}`}>
          <View className="patrol-record-item-head">
            <View className="patrol-record-item-label">{PATROL_ITEM_LABELS[item]}</View>
            <View
              className={`patrol-record-item-result${
                checklist[item].passed ? '' : ' patrol-record-item-result--failed'
              }`}
            >
              {checklist[item].passed ? '合格' : '不合格'}
            </View>
            <Switch
              className={`patrol-record-switch patrol-record-switch--${item}`}
              checked={checklist[item].passed}
              onChange={(on) => set(item, { passed: on })}
            />
          </View>
          <Input
            className={`patrol-record-note patrol-record-note--${item}`}
            value={checklist[item].note}
            placeholder={checklist[item].passed ? '备注（选填）' : '请说明问题（选填）'}
            maxLength={MAX_PATROL_NOTE_LENGTH}
            onChange={(value) => set(item, { note: value })}
          />
        </View>
      ))}
      <View className="su-section-title">巡查意见</View>
      <View className="su-card">
        <TextArea
          className="patrol-record-notes"
          value={notes}
          placeholder="整体情况、整改要求等（选填）"
          maxLength={MAX_PATROL_NOTES_LENGTH}
          onChange={setNotes}
        />
      </View>
      <View className="su-actions">
        <Button
          className="patrol-record-submit"
          type="primary"
          block
          loading={submitting}
          disabled={done}
          onClick={() => void onSubmit()}
        >
          提交巡查记录
        </Button>
      </View>
    </View>
  );
}

function History({ history }: { history: PatrolListResponse }): ReactNode {
  return (
    <View className="patrol-record-history">
      <View className="su-section-title">巡查记录（{history.total}）</View>
      {history.items.length === 0 ? (
        <View className="su-note patrol-record-history-empty">这个驿站还没有巡查记录</View>
      ) : (
        history.items.map((patrol) => <PastPatrol key={patrol.id} patrol={patrol} />)
      )}
    </View>
  );
}

function PastPatrol({ patrol }: { patrol: PatrolResponse }): ReactNode {
  const failedItems = patrol.checklist.filter((check) => !check.passed);
  return (
    <View className="su-card patrol-record-past">
      <View className="patrol-record-item-head">
        <View className="patrol-record-past-at">{formatDateTime(patrol.patrolledAt)}</View>
        <View
          className={`patrol-record-item-result${patrol.failed > 0 ? ' patrol-record-item-result--failed' : ''}`}
        >
          {patrol.failed > 0 ? `${patrol.failed} 项不合格` : '全部合格'}
        </View>
      </View>
      <View className="su-card-line">
        {patrol.org.name} · {patrol.patrolledBy.displayName}
      </View>
      {failedItems.map((check) => (
        <View key={check.item} className="su-card-line patrol-record-past-failed">
          不合格：{PATROL_ITEM_LABELS[check.item]}
          {check.note ? `（${check.note}）` : ''}
        </View>
      ))}
      {patrol.notes ? <View className="su-card-line patrol-record-past-notes">{patrol.notes}</View> : null}
    </View>
  );
}
