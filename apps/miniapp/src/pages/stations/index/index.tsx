import { useCallback, useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Toast } from '@nutui/nutui-react-taro';
import {
  AMENITIES,
  AMENITY_LABELS,
  NEARBY_DEFAULT_RADIUS_M,
  STATION_LEVEL_LABELS,
  type Amenity,
  type NearbyStationResponse,
} from '@smartunion/contracts';

import { AmenityTags, Chip } from '../../../components/amenity-tags';
import { errorMessage, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { requireSession } from '../../../services/auth';
import { Routes } from '../../../services/routes';
import {
  currentPosition,
  DISTRICTS,
  formatDistance,
  nearbyStations,
  occupancyLabel,
  openLabel,
  rememberNearby,
  type QueryPoint,
} from '../../../services/stations';

import './index.scss';

const RADII: readonly number[] = [1000, 3000, 10_000];

interface Filters {
  amenities: Amenity[];
  openNow: boolean;
  radius: number;
}

/** Where the list is centred: the device's fix, or a district chosen because there is none. */
type Origin = { kind: 'device'; point: QueryPoint } | { kind: 'district'; key: string; point: QueryPoint };

type ListState = LoadState<{ origin: Origin; items: NearbyStationResponse[] }>;

const FIRST_FILTERS: Filters = { amenities: [], openNow: false, radius: NEARBY_DEFAULT_RADIUS_M };

/** The 驿站 tab: stations around the user, nearest first, filtered by amenity, opening and radius. */
export default function StationsPage(): ReactNode {
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [filters, setFilters] = useState<Filters>(FIRST_FILTERS);
  const started = useRef(false);
  /** Filters tapped quickly: only the answer to the last query is shown. */
  const latest = useRef(0);

  const query = useCallback(async (origin: Origin, next: Filters): Promise<void> => {
    const ticket = ++latest.current;
    try {
      const answer = await nearbyStations({
        ...origin.point,
        radius: next.radius,
        amenity: next.amenities,
        openNow: next.openNow,
      });
      if (ticket !== latest.current) return;
      rememberNearby(origin.point, answer.items);
      setState({ status: 'ready', origin, items: answer.items });
    } catch (error) {
      if (ticket === latest.current) setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  /** Locates afresh, falling back to the district shown before (or the first) when there is no fix. */
  const locate = useCallback(
    async (next: Filters, previous: Origin | null): Promise<void> => {
      if (!(await requireSession())) return;
      started.current = true;
      const point = await currentPosition();
      const fallbackKey = previous?.kind === 'district' ? previous.key : DISTRICTS[0].key;
      const district = DISTRICTS.find((d) => d.key === fallbackKey) ?? DISTRICTS[0];
      const origin: Origin = point
        ? { kind: 'device', point }
        : { kind: 'district', key: district.key, point: district.centre };
      await query(origin, next);
    },
    [query],
  );

  useDidShow(() => {
    // Once: coming back from a station keeps the list; pull down to locate again.
    if (!started.current) void locate(filters, null);
  });

  usePullDownRefresh(() => {
    const origin = state.status === 'ready' ? state.origin : null;
    void locate(filters, origin).finally(() => void Taro.stopPullDownRefresh());
  });

  const origin = state.status === 'ready' ? state.origin : null;

  function applyFilters(next: Filters): void {
    setFilters(next);
    if (!origin) return;
    setState({ status: 'loading' });
    void query(origin, next);
  }

  function chooseDistrict(key: string): void {
    const district = DISTRICTS.find((d) => d.key === key);
    if (!district) return;
    setState({ status: 'loading' });
    void query({ kind: 'district', key, point: district.centre }, filters);
  }

  const toggleAmenity = (a: Amenity): void =>
    applyFilters({
      ...filters,
      amenities: filters.amenities.includes(a)
        ? filters.amenities.filter((x) => x !== a)
        : [...filters.amenities, a],
    });

  return (
    <View className="page stations">
      {origin && <OriginBar origin={origin} onChoose={chooseDistrict} />}
      <View className="stations-filters">
        <View className="stations-chips stations-filter-amenity">
          {AMENITIES.map((a) => (
            <Chip
              key={a}
              className={`stations-amenity stations-amenity--${a}`}
              active={filters.amenities.includes(a)}
              label={AMENITY_LABELS[a]}
              onClick={() => toggleAmenity(a)}
            />
          ))}
        </View>
        <View className="stations-chips stations-filter-more">
          <Chip
            className="stations-open-now"
            active={filters.openNow}
            label="只看营业中"
            onClick={() => applyFilters({ ...filters, openNow: !filters.openNow })}
          />
          {RADII.map((r) => (
            <Chip
              key={r}
              className={`stations-radius stations-radius--${r}`}
              active={filters.radius === r}
              label={`${r / 1000} 公里内`}
              onClick={() => applyFilters({ ...filters, radius: r })}
            />
          ))}
        </View>
      </View>
      {renderBody(state, () => void locate(filters, origin))}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function OriginBar({ origin, onChoose }: { origin: Origin; onChoose: (key: string) => void }): ReactNode {
  if (origin.kind === 'device') {
    return <View className="stations-origin stations-origin--device">已按您当前的位置查找附近驿站</View>;
  }
  const district = DISTRICTS.find((d) => d.key === origin.key);
  return (
    <View className="stations-origin stations-origin--district">
      <View className="stations-origin-note">
        未能获取您的位置（定位未开启或不可用），正在显示{district?.label ?? ''}中心附近的驿站。可切换区域：
      </View>
      <View className="stations-chips stations-districts">
        {DISTRICTS.map((d) => (
          <Chip
            key={d.key}
            className={`stations-district stations-district--${d.key}`}
            active={d.key === origin.key}
            label={d.label}
            onClick={() => onChoose(d.key)}
          />
        ))}
      </View>
    </View>
  );
}

function renderBody(state: ListState, reload: () => void): ReactNode {
  switch (state.status) {
    case 'loading':
      return <LoadingState />;
    case 'failed':
      return <FailedState className="stations-failed" message={state.message} onRetry={reload} />;
    case 'ready':
      if (state.items.length === 0) {
        return (
          <EmptyState
            className="stations-empty"
            title="附近没有符合条件的驿站"
            description="试试扩大范围或减少筛选条件"
          />
        );
      }
      return (
        <View className="stations-list">
          {state.items.map((s) => (
            <StationItem key={s.id} station={s} />
          ))}
          <View className="su-note">下拉可重新定位并刷新</View>
        </View>
      );
  }
}

function StationItem({ station }: { station: NearbyStationResponse }): ReactNode {
  const open = openLabel(station);
  return (
    <View
      className="su-card stations-item"
      onClick={() => void Taro.navigateTo({ url: `${Routes.StationDetail}?id=${station.id}` })}
    >
      <View className="stations-item-head">
        <View className="su-card-title stations-item-name">{station.name}</View>
        <View className="stations-item-distance">{formatDistance(station.distanceMeters)}</View>
      </View>
      <View className="su-card-line stations-item-address">{station.address}</View>
      <View className="stations-item-state">
        <View className={`stations-item-open${station.openNow ? ' stations-item-open--yes' : ''}`}>
          {open}
        </View>
        <View
          className={`stations-item-occupancy${station.online ? '' : ' stations-item-occupancy--offline'}`}
        >
          {occupancyLabel(station)}
        </View>
        <View className="stations-item-level">{STATION_LEVEL_LABELS[station.level]}</View>
      </View>
      <AmenityTags amenities={station.amenities} />
    </View>
  );
}
