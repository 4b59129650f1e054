import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
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
import { TOAST_ID } from '../../../components/feedback';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList, type ListMore } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { hasPermission } from '../../../services/permissions';
import { Routes } from '../../../services/routes';
import { formatHours, listStations } from '../../../services/stations';

import './index.scss';

/** 驿站管理: the stations of the caller's scope, searched by name; staff with station:write edit and add. */
export default function WorkbenchStationsPage(): ReactNode {
  const [keyword, setKeyword] = useState('');
  // The searched words: the search box may hold words not searched yet.
  const [query, setQuery] = useState('');
  // Also reloads on the way back from an edit, which may have changed a station.
  const page = usePagedList(
    async () => {
      const [me, list] = await Promise.all([getMe(), listStationsPage(query, 1)]);
      return { list, query, canWrite: hasPermission(me, Permission.StationWrite) };
    },
    (ready, n) => listStationsPage(ready.query, n),
    { login: true, deps: [query] },
  );

  function search(value: string): void {
    if (value === query) void page.reload();
    else setQuery(value);
  }

  return (
    <View className="page wb-stations">
      <SearchBar
        className="wb-stations-search"
        placeholder="按驿站名称搜索"
        value={keyword}
        onChange={setKeyword}
        onSearch={(value) => search(value.trim())}
        onClear={() => search('')}
      />
      <PageBody page={page} failedClassName="wb-stations-failed">
        {(state) => (
          <StationList list={state.list} query={state.query} canWrite={state.canWrite} more={page.more} />
        )}
      </PageBody>
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
  more,
}: {
  list: StationListResponse;
  query: string;
  canWrite: boolean;
  more: ListMore;
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
          kind={query ? 'search' : 'empty'}
          title={query ? '没有找到驿站' : '管理范围内还没有驿站'}
          description={canWrite && !query ? '点击「新建驿站」登记第一个驿站' : undefined}
        />
      ) : (
        list.items.map((s) => <StationItem key={s.id} station={s} />)
      )}
      <ListFooter more={more} />
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
