import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, SearchBar, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  Permission,
  STATION_LEVEL_LABELS,
  STATION_STATUS_LABELS,
  StationStatus,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';

import { AmenityTags } from '../../../components/amenity-tags';
import { errorMessage, TOAST_ID } from '../../../components/feedback';
import { useLoadMore } from '../../../components/load-more';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { hasPermission } from '../../../services/permissions';
import { Routes } from '../../../services/routes';
import { formatHours, listStations } from '../../../services/stations';

import './index.scss';

type StationsState = LoadState<{ list: StationListResponse; query: string; canWrite: boolean }>;

/** 驿站管理: the stations of the caller's scope, searched by name; staff with station:write edit and add. */
export default function WorkbenchStationsPage(): ReactNode {
  const [state, setState] = useState<StationsState>({ status: 'loading' });
  const [keyword, setKeyword] = useState('');
  const { more, loadMore } = useLoadMore(state, setState, (ready, page) =>
    listStationsPage(ready.query, page),
  );

  const load = useCallback(async (query: string): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const [me, list] = await Promise.all([getMe(), listStationsPage(query, 1)]);
      setState({ status: 'ready', list, query, canWrite: hasPermission(me, Permission.StationWrite) });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  // Also on the way back from an edit, which may have changed a station.
  useDidShow(() => {
    void load(keyword.trim());
  });

  return (
    <View className="page wb-stations">
      <SearchBar
        className="wb-stations-search"
        placeholder="按驿站名称搜索"
        value={keyword}
        onChange={setKeyword}
        onSearch={(value) => void load(value.trim())}
        onClear={() => void load('')}
      />
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState
          className="wb-stations-failed"
          message={state.message}
          onRetry={() => void load(keyword.trim())}
        />
      )}
      {state.status === 'ready' && (
        <StationList
          list={state.list}
          query={state.query}
          canWrite={state.canWrite}
          loadingMore={more}
          onMore={() => void loadMore()}
        />
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function listStationsPage(query: string, page: number): Promise<StationListResponse> {
  return listStations({ q: query || undefined, page, pageSize: DEFAULT_PAGE_SIZE });
}

function StationList({
  list,
  query,
  canWrite,
  loadingMore,
  onMore,
}: {
  list: StationListResponse;
  query: string;
  canWrite: boolean;
  loadingMore: boolean;
  onMore: () => void;
}): ReactNode {
  return (
    <View>
      <View className="wb-stations-toolbar">
        <View className="wb-stations-total">
          {query ? `搜索结果（${list.total}）` : `管理范围内的驿站（${list.total}）`}
        </View>
        {canWrite && (
          <Button
            className="wb-stations-create"
            type="primary"
            size="small"
            onClick={() => void Taro.navigateTo({ url: Routes.WorkbenchStationEdit })}
          >
            新建驿站
          </Button>
        )}
      </View>
      {list.items.length === 0 ? (
        <EmptyState
          className="wb-stations-empty"
          title={query ? '没有找到驿站' : '管理范围内还没有驿站'}
          description={canWrite && !query ? '点击「新建驿站」登记第一个驿站' : undefined}
        />
      ) : (
        list.items.map((s) => <StationItem key={s.id} station={s} />)
      )}
      {list.items.length < list.total && (
        <View className="su-more">
          <Button className="wb-stations-more" block loading={loadingMore} onClick={onMore}>
            加载更多
          </Button>
        </View>
      )}
    </View>
  );
}

function StationItem({ station }: { station: StationResponse }): ReactNode {
  const closed = station.status === StationStatus.Closed;
  return (
    <View
      className="su-card wb-stations-item"
      onClick={() => void Taro.navigateTo({ url: `${Routes.WorkbenchStationEdit}?id=${station.id}` })}
    >
      <View className="wb-stations-item-head">
        <View className="su-card-title wb-stations-item-name">{station.name}</View>
        <View className={`wb-stations-item-status${closed ? ' wb-stations-item-status--closed' : ''}`}>
          {STATION_STATUS_LABELS[station.status]}
        </View>
      </View>
      <View className="su-card-line wb-stations-item-org">
        {station.org.name} · {STATION_LEVEL_LABELS[station.level]}
      </View>
      <View className="su-card-line wb-stations-item-hours">
        开放时间 {formatHours(station.hours)} · 可容纳 {station.capacity} 人
        {station.masters.length > 0 ? ` · 站长 ${station.masters.map((m) => m.displayName).join('、')}` : ''}
      </View>
      <AmenityTags amenities={station.amenities} />
    </View>
  );
}
