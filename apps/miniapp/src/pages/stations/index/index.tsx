import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Picker, Toast } from '@nutui/nutui-react-taro';
import {
  AMENITIES,
  AMENITY_LABELS,
  NEARBY_DEFAULT_RADIUS_M,
  STATION_LEVEL_LABELS,
  type Amenity,
  type NearbyStationResponse,
} from '@smartunion/contracts';

import { AmenityTags, Chip } from '../../../components/amenity-tags';
import { showError, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { PrivacyConsentDialog } from '../../../components/privacy-consent';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { isSignedIn } from '../../../services/auth';
import { Routes } from '../../../services/routes';
import {
  type ChosenCity,
  currentPosition,
  formatDistance,
  nearbyStations,
  occupancyLabel,
  openLabel,
  rememberCity,
  rememberedCity,
  rememberNearby,
  stationCities,
  type QueryPoint,
} from '../../../services/stations';

import './index.scss';

const RADII: readonly number[] = [1000, 3000, 10_000];

interface Filters {
  amenities: Amenity[];
  openNow: boolean;
  radius: number;
}

/**
 * Where the list is centred: the device's fix; without one a city of the province, the user's choice (`chosen`,
 * remembered) or else the first; nowhere when no city has a station.
 */
type Origin =
  | { kind: 'device'; point: QueryPoint }
  | { kind: 'city'; city: ChosenCity; chosen: boolean }
  | { kind: 'nowhere' };

/** The cities of the member's province (or the platform's for a visitor), asked once per app start. */
let citiesRequest: Promise<ChosenCity[]> | null = null;
function loadCities(): Promise<ChosenCity[]> {
  citiesRequest ??= (async () => {
    const orgId = isSignedIn()
      ? await getMe().then(
          (me) => me.memberOrg?.id,
          () => undefined,
        )
      : undefined;
    return stationCities(orgId);
  })().catch((error: unknown) => {
    citiesRequest = null;
    throw error;
  });
  return citiesRequest;
}

const FIRST_FILTERS: Filters = { amenities: [], openNow: false, radius: NEARBY_DEFAULT_RADIUS_M };

/** The 驿站 tab: stations around the user, nearest first, filtered by amenity, opening and radius. */
export default function StationsPage(): ReactNode {
  const [filters, setFilters] = useState<Filters>(FIRST_FILTERS);
  /** The cities offered by 选择城市, loaded when it is first tapped (or when a default city was needed). */
  const [cities, setCities] = useState<ChosenCity[] | null>(null);
  const [picking, setPicking] = useState(false);
  /** Where the list was last centred; null (or relocate) locates afresh. */
  const target = useRef<Origin | null>(null);
  const relocate = useRef(false);

  // Once: coming back from a station keeps the list; pull down to locate again.
  const page = usePageData(
    async (): Promise<{ origin: Origin; items: NearbyStationResponse[]; more: boolean }> => {
      const origin = target.current && !relocate.current ? target.current : await locate(target.current);
      relocate.current = false;
      target.current = origin;
      if (origin.kind === 'nowhere') return { origin, items: [], more: false };
      const point = origin.kind === 'device' ? origin.point : origin.city.centre;
      const answer = await nearbyStations({
        ...point,
        radius: filters.radius,
        amenity: filters.amenities,
        openNow: filters.openNow,
      });
      rememberNearby(point, answer.items);
      return { origin, items: answer.items, more: answer.more };
    },
    // No login: the station finder is public (a visitor browses before joining).
    { onShow: false, pullDown: false, deps: [filters] },
  );
  const { state, setState } = page;

  usePullDownRefresh(() => {
    relocate.current = true;
    void page.reload().finally(() => void Taro.stopPullDownRefresh());
  });

  const origin = state.status === 'ready' ? state.origin : null;

  const applyFilters = setFilters;

  async function openCityPicker(): Promise<void> {
    try {
      setCities(await loadCities());
      setPicking(true);
    } catch (error) {
      showError(error);
    }
  }

  function chooseCity(id: string): void {
    const city = cities?.find((c) => c.id === id);
    if (!city) return;
    rememberCity(city);
    target.current = { kind: 'city', city, chosen: true };
    setState({ status: 'loading' });
    void page.reload();
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
      {origin && <OriginBar origin={origin} onChooseCity={() => void openCityPicker()} />}
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
      <PageBody
        page={page}
        failedClassName="stations-failed"
        empty={{
          when: (ready) => ready.items.length === 0,
          className: 'stations-empty',
          kind: 'search',
          title: '附近没有符合条件的驿站',
          description: '试试扩大范围或减少筛选条件',
        }}
      >
        {({ items, more }) => (
          <View className="stations-list">
            {items.map((s) => (
              <StationItem key={s.id} station={s} />
            ))}
            {more && (
              <View className="su-note stations-more">
                只列出了最近的 {items.length} 个驿站，范围内还有更多；可缩小范围或增加筛选条件
              </View>
            )}
            <View className="su-note">下拉可重新定位并刷新</View>
          </View>
        )}
      </PageBody>
      <Picker
        title="选择城市"
        visible={picking}
        options={[(cities ?? []).map((c) => ({ value: c.id, label: c.label }))]}
        value={origin?.kind === 'city' ? [origin.city.id] : []}
        onConfirm={(_, values) => chooseCity(String(values[0]))}
        onClose={() => setPicking(false)}
      />
      <PrivacyConsentDialog />
      <Toast id={TOAST_ID} />
    </View>
  );
}

function OriginBar({ origin, onChooseCity }: { origin: Origin; onChooseCity: () => void }): ReactNode {
  if (origin.kind === 'device') {
    return <View className="stations-origin stations-origin--device">已按您当前的位置查找附近驿站</View>;
  }
  const where =
    origin.kind === 'city'
      ? `正在显示${origin.city.label}的驿站${origin.chosen ? '' : '，您可以选择所在的城市'}`
      : '暂无可选择的城市';
  return (
    <View className="stations-origin stations-origin--city">
      <View className="stations-origin-note">未能获取您的位置（定位未开启或不可用），{where}。</View>
      {origin.kind === 'city' && (
        <Button
          className="stations-choose-city"
          size="small"
          fill="outline"
          type="primary"
          onClick={onChooseCity}
        >
          选择城市
        </Button>
      )}
    </View>
  );
}

/** The device's fix; without one the city shown before, the one chosen last time, or the province's first. */
async function locate(previous: Origin | null): Promise<Origin> {
  const point = await currentPosition();
  if (point) return { kind: 'device', point };
  if (previous?.kind === 'city') return previous;
  const remembered = rememberedCity();
  if (remembered) return { kind: 'city', city: remembered, chosen: true };
  const [first] = await loadCities();
  return first ? { kind: 'city', city: first, chosen: false } : { kind: 'nowhere' };
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
