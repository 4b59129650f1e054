import { useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  CoordSystem,
  STATION_DOOR_CODE_PARAM,
  STATION_LEVEL_LABELS,
  type NearbyStationResponse,
} from '@smartunion/contracts';

import { AmenityTags } from '../../../components/amenity-tags';
import { showError, showFailure, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { requireSessionToAct } from '../../../services/auth';
import { CAN_SCAN, extractCode, scanText } from '../../../services/join-code';
import { Routes } from '../../../services/routes';
import {
  findNearbyStation,
  formatDistance,
  formatHours,
  occupancyLabel,
  openLabel,
} from '../../../services/stations';

import { StationRating } from '../station-rating';

import './index.scss';

/**
 * One station, as the visitor's last nearby search returned it: visitors may not read a station by id, and the
 * nearby answer has all they need (and the distance).
 */
export default function StationDetailPage(): ReactNode {
  const id = useRouter().params.id ?? '';
  // Loaded once: the nearby answer does not change under the member. No login: anyone may look a station up;
  // 扫码开门 asks for one when tapped.
  const page = usePageData(async () => ({ station: id ? await findNearbyStation(id) : null }), {
    onShow: false,
  });

  return (
    <View className="page station">
      <PageBody
        page={page}
        failedClassName="station-failed"
        empty={{
          when: (ready) => ready.station === null,
          className: 'station-missing',
          kind: 'search',
          title: '没有找到这个驿站',
          description: '驿站信息来自附近驿站列表，请回到列表重新查找',
          children: (
            <Button block onClick={() => void Taro.switchTab({ url: Routes.Stations })}>
              返回驿站列表
            </Button>
          ),
        }}
      >
        {({ station }) => station && <StationBody station={station} />}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** Opens the station in the platform's map: the mini-program's own, or AMap's web page in H5. */
function navigate(station: NearbyStationResponse): void {
  const { lat, lng } = station.location;
  if (process.env.TARO_ENV === 'h5') {
    const coordinate = station.coord === CoordSystem.Gcj02 ? 'gaode' : 'wgs84';
    const url =
      `https://uri.amap.com/marker?position=${lng},${lat}` +
      `&name=${encodeURIComponent(station.name)}&coordinate=${coordinate}&callnative=1`;
    window.location.href = url;
    return;
  }
  // Mini-programs always query in GCJ-02, the datum their map expects.
  Taro.openLocation({
    latitude: lat,
    longitude: lng,
    name: station.name,
    address: station.address,
    scale: 16,
  }).catch(showError);
}

function StationBody({ station }: { station: NearbyStationResponse }): ReactNode {
  return (
    <View>
      <View className="su-card station-head">
        <View className="su-card-title station-name">{station.name}</View>
        <View className="su-card-line station-org">
          {STATION_LEVEL_LABELS[station.level]} · {station.orgName}
        </View>
        <View className="station-state">
          <View className={`station-open${station.openNow ? ' station-open--yes' : ''}`}>
            {openLabel(station)}
          </View>
          <View className="station-occupancy">{occupancyLabel(station)}</View>
          <View className="station-distance">距您 {formatDistance(station.distanceMeters)}</View>
        </View>
      </View>

      <StationPhotos photos={station.photos} />

      <CellGroup title="驿站信息">
        <Cell className="station-address" title="地址" description={station.address} />
        <Cell className="station-hours" title="开放时间" extra={formatHours(station.hours)} />
        <Cell className="station-capacity" title="可容纳" extra={`${station.capacity} 人`} />
        {station.verifiedOnly && (
          <Cell className="station-verified-only" title="进站要求" extra="仅限实名认证会员" />
        )}
      </CellGroup>

      <View className="su-card station-amenities">
        <View className="station-section-title">服务设施</View>
        {station.amenities.length > 0 ? (
          <AmenityTags amenities={station.amenities} />
        ) : (
          <View className="su-card-line">暂无登记的设施</View>
        )}
      </View>

      <StationRating stationId={station.id} />

      <View className="su-actions station-actions">
        <Button className="station-navigate" type="primary" block onClick={() => navigate(station)}>
          导航
        </Button>
        {CAN_SCAN ? (
          <Button className="station-open-door" block onClick={() => void scanToOpenDoor()}>
            扫码开门
          </Button>
        ) : (
          <View className="station-open-door-note">到站后用手机相机扫描门上的二维码即可开门</View>
        )}
      </View>
    </View>
  );
}

/** The station's photos; one that fails to load is left out rather than shown as a broken image. */
function StationPhotos({ photos }: { photos: readonly string[] }): ReactNode {
  const [failed, setFailed] = useState<readonly string[]>([]);
  const shown = photos.filter((src) => !failed.includes(src));
  if (shown.length === 0) return null;
  return (
    <View className="station-photos">
      {shown.map((src) => (
        <Image
          key={src}
          className="station-photo"
          src={src}
          mode="aspectFill"
          lazyLoad
          onError={() => setFailed((list) => [...list, src])}
        />
      ))}
    </View>
  );
}

/** Mini-programs: scan the door QR with the camera and open the door page with its code. */
async function scanToOpenDoor(): Promise<void> {
  // A member action: signed out (H5), the tap opens login; mini-programs log in silently (which may fail).
  const signedIn = await requireSessionToAct().catch((error: unknown) => {
    showError(error);
    return false;
  });
  if (!signedIn) return;
  const text = await scanText();
  if (text === null) return;
  const code = extractCode(text, STATION_DOOR_CODE_PARAM);
  if (!code) {
    showFailure('这不是驿站开门码');
    return;
  }
  await Taro.navigateTo({
    url: `${Routes.StationDoor}?${STATION_DOOR_CODE_PARAM}=${encodeURIComponent(code)}`,
  });
}
