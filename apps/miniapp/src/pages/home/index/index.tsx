import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  ApplicationStatus,
  FlashDropStatus,
  type MeResponse,
  type MemberFlashDropResponse,
  type MyMembershipResponse,
  type MyPointsResponse,
  type NearbyStationResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { ServiceGrid, type GridTile } from '../../../components/service-grid';
import { usePageData } from '../../../components/use-page-data';
import {
  hasWorkbench,
  loadWorkbenchMenu,
  pendingTotal,
  WorkbenchMenu,
  type WorkbenchMenuState,
} from '../../../components/workbench-menu';
import { getMe } from '../../../services/api';
import { ensureSession, requireSessionToAct } from '../../../services/auth';
import { listClaimableCoupons } from '../../../services/benefits';
import { myFlashDrops } from '../../../services/flash';
import { getMyMembership } from '../../../services/membership';
import { openLogin } from '../../../services/navigation';
import { listNotices } from '../../../services/notices';
import { myPoints, signIn } from '../../../services/points';
import { Routes, type Route } from '../../../services/routes';
import {
  currentPosition,
  formatDistance,
  lastQueryPoint,
  nearbyStations,
  openLabel,
  rememberNearby,
} from '../../../services/stations';

import './index.scss';

interface HomeData {
  me: MeResponse | null;
  mine: MyMembershipResponse | null;
  points: MyPointsResponse | null;
  unread: number | null;
  /** Drops live now or starting later, that the member may grab. */
  flash: MemberFlashDropResponse[];
  claimable: number | null;
  workbench: WorkbenchMenuState | null;
}

const SIGNED_OUT: HomeData = {
  me: null,
  mine: null,
  points: null,
  unread: null,
  flash: [],
  claimable: null,
  workbench: null,
};

const open = (url: Route) => (): void => void Taro.navigateTo({ url });
const tab = (url: Route) => (): void => void Taro.switchTab({ url });

/** Each part only adds to the page: one that fails to load leaves its card out, never the whole page. */
const optional = <T,>(promise: Promise<T>): Promise<T | null> => promise.catch(() => null);

async function loadHome(): Promise<HomeData> {
  if (!(await ensureSession())) return SIGNED_OUT;
  const me = await getMe();
  const [mine, notices, drops, claimable, workbench] = await Promise.all([
    optional(getMyMembership()),
    optional(listNotices(1, 1)),
    optional(myFlashDrops()),
    optional(listClaimableCoupons()),
    hasWorkbench(me) ? optional(loadWorkbenchMenu(me)) : Promise.resolve(null),
  ]);
  const points = mine?.member ? await optional(myPoints()) : null;
  const flash = (drops?.items ?? []).filter(
    (d) => d.eligible && (d.status === FlashDropStatus.Live || d.status === FlashDropStatus.Upcoming),
  );
  return {
    me,
    mine,
    points,
    unread: notices?.unread ?? null,
    flash,
    claimable: claimable?.items.length ?? null,
    workbench,
  };
}

/**
 * 首页: the member's service hub — where their membership stands (or how to join), what they can do today
 * (sign in, grab a drop, claim a coupon), the nearest station, and an entry per service. Staff also find their
 * workbench here, grouped by area with what waits in each queue. Signed out, it still shows how to join and
 * where the stations are.
 */
export default function HomePage(): ReactNode {
  const page = usePageData(loadHome);
  return (
    <View className="page home">
      <PageBody page={page} failedClassName="home-failed">
        {(data) => (
          <View>
            <Hero data={data} />
            {data.workbench && <StaffSection menu={data.workbench} />}
            <Services data={data} />
            {data.points && (
              <PointsCard
                points={data.points}
                onSigned={(next) => page.setState({ ...data, points: next, status: 'ready' })}
              />
            )}
            <Offers data={data} />
            <NearestStation />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

// ---------------------------------------------------------------------------------------------- membership

function Hero({ data }: { data: HomeData }): ReactNode {
  const { me, mine } = data;
  const member = mine?.member ?? null;
  const application = mine?.latestApplication ?? null;
  const pending = application?.status === ApplicationStatus.Pending;
  return (
    <View className="home-hero">
      <View className="home-hero-title">智慧工会</View>
      <View className="home-hero-greeting">{me ? `你好，${me.displayName}` : '职工之家，就在身边'}</View>
      <View className="home-membership">
        {member ? (
          <View className="home-membership-row" onClick={open(Routes.MembershipCard)}>
            <View className="home-membership-text">
              <View className="home-membership-label">工会会员</View>
              <View className="home-membership-org">{member.org.name}</View>
            </View>
            <Button size="small" type="primary" className="home-card-button">
              会员卡
            </Button>
          </View>
        ) : pending ? (
          <View className="home-membership-row" onClick={open(Routes.MembershipStatus)}>
            <View className="home-membership-text">
              <View className="home-membership-label">入会申请审核中</View>
              <View className="home-membership-org">{application.org.name}</View>
            </View>
            <Button size="small" className="home-status-button">
              查看进度
            </Button>
          </View>
        ) : (
          <View className="home-membership-row">
            <View className="home-membership-text">
              <View className="home-membership-label">还不是工会会员？</View>
              <View className="home-membership-org">
                扫描工会二维码，或搜索您单位所在的工会，在线申请入会
              </View>
            </View>
            <Button size="small" type="primary" className="home-join" onClick={open(Routes.MembershipJoin)}>
              申请入会
            </Button>
          </View>
        )}
      </View>
      {!me && (
        <View className="home-login-line">
          已是会员？
          <View className="home-login" onClick={openLogin}>
            登录
          </View>
          查看会员卡、积分和福利
        </View>
      )}
    </View>
  );
}

// ---------------------------------------------------------------------------------------------- staff

function StaffSection({ menu }: { menu: WorkbenchMenuState }): ReactNode {
  const waiting = pendingTotal(menu);
  return (
    <View className="home-staff">
      <View className="su-section-title home-staff-title">
        工作台
        {menu.pending && (
          <View className="home-staff-waiting">{waiting > 0 ? `${waiting} 项待办` : '暂无待办'}</View>
        )}
      </View>
      <WorkbenchMenu menu={menu} />
    </View>
  );
}

// ---------------------------------------------------------------------------------------------- services

function Services({ data }: { data: HomeData }): ReactNode {
  const member = data.mine?.member ?? null;
  const tiles: GridTile[] = [
    member
      ? { key: 'card', title: '会员卡', glyph: '卡', tone: 'red', onTap: open(Routes.MembershipCard) }
      : { key: 'join', title: '申请入会', glyph: '入', tone: 'red', onTap: open(Routes.MembershipJoin) },
    { key: 'stations', title: '找驿站', glyph: '驿', tone: 'blue', onTap: tab(Routes.Stations) },
    { key: 'coupons', title: '领优惠券', glyph: '券', tone: 'green', onTap: tab(Routes.Benefits) },
    { key: 'points', title: '积分签到', glyph: '分', tone: 'orange', onTap: needsLogin(Routes.PointsIndex) },
    { key: 'mall', title: '积分商城', glyph: '商', tone: 'orange', onTap: needsLogin(Routes.PointsMall) },
    { key: 'welfare', title: '福利领取', glyph: '福', tone: 'orange', onTap: needsLogin(Routes.Welfare) },
    {
      key: 'transfer',
      title: '组织转接',
      glyph: '转',
      tone: 'purple',
      onTap: needsLogin(Routes.MembershipTransfer),
    },
    {
      key: 'notices',
      title: '消息通知',
      glyph: '信',
      tone: 'teal',
      badge: data.unread,
      onTap: needsLogin(Routes.Notices),
    },
  ];
  return (
    <View className="home-services">
      <View className="su-section-title">会员服务</View>
      <View className="su-card home-services-card">
        <ServiceGrid name="home-service" tiles={tiles} />
      </View>
    </View>
  );
}

/** Pages that are one member's own: signed out, the login page says why first. */
function needsLogin(url: Route): () => void {
  return () =>
    void requireSessionToAct().then((signedIn) => {
      if (signedIn) void Taro.navigateTo({ url });
    });
}

// ---------------------------------------------------------------------------------------------- today

function PointsCard({
  points,
  onSigned,
}: {
  points: MyPointsResponse;
  onSigned: (next: MyPointsResponse) => void;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const signed = points.signIn.signedToday;

  async function sign(): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      const result = await signIn();
      showSuccess(result.awarded > 0 ? `签到成功，积分 +${result.awarded}` : '签到成功');
      onSigned(await myPoints());
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="su-card home-points">
      <View className="home-points-text" onClick={open(Routes.PointsIndex)}>
        <View className="home-points-label">我的积分</View>
        <View className="home-points-balance">{points.balance}</View>
        <View className="home-points-streak">
          {signed
            ? `今日已签到 · 连续 ${points.signIn.streak} 天`
            : points.signIn.todayPoints > 0
              ? `今日签到可得 ${points.signIn.todayPoints} 积分`
              : '每日签到，记录您的坚持'}
        </View>
      </View>
      <Button
        className="home-sign-in"
        type="primary"
        size="small"
        disabled={signed}
        loading={busy}
        onClick={() => void sign()}
      >
        {signed ? '已签到' : '签到'}
      </Button>
    </View>
  );
}

function Offers({ data }: { data: HomeData }): ReactNode {
  const live = data.flash.find((d) => d.status === FlashDropStatus.Live);
  const next = data.flash.find((d) => d.status === FlashDropStatus.Upcoming);
  const drop = live ?? next;
  const claimable = data.claimable ?? 0;
  if (!drop && claimable === 0) return null;
  return (
    <View className="home-offers">
      <View className="su-section-title">今日福利</View>
      {drop && (
        <View className="su-card home-offer home-flash" onClick={tab(Routes.Benefits)}>
          <View className={`home-offer-tag${live ? ' home-offer-tag--live' : ''}`}>
            {live ? '秒杀进行中' : '即将开抢'}
          </View>
          <View className="home-offer-title">{drop.title}</View>
          <View className="home-offer-line">
            {live
              ? `剩余 ${drop.remaining} / ${drop.stock} 张`
              : `${formatClock(drop.startsAt)} 开抢 · 共 ${drop.stock} 张`}
          </View>
        </View>
      )}
      {claimable > 0 && (
        <View className="su-card home-offer home-claimable" onClick={tab(Routes.Benefits)}>
          <View className="home-offer-title">有 {claimable} 种优惠券可领取</View>
          <View className="home-offer-line">合作商户的会员专享优惠，领取后到店出示核销</View>
        </View>
      )}
    </View>
  );
}

/** 14:00 today, or 12月8日 14:00 on another day (Asia/Shanghai, as the drops are scheduled). */
function formatClock(iso: string): string {
  const shanghai = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const today = new Date(Date.now() + 8 * 3600_000);
  const hm = `${String(shanghai.getUTCHours()).padStart(2, '0')}:${String(shanghai.getUTCMinutes()).padStart(2, '0')}`;
  return shanghai.toISOString().slice(0, 10) === today.toISOString().slice(0, 10)
    ? hm
    : `${shanghai.getUTCMonth() + 1}月${shanghai.getUTCDate()}日 ${hm}`;
}

// ---------------------------------------------------------------------------------------------- stations

type Nearest =
  | { status: 'unknown' }
  | { status: 'locating' }
  | { status: 'found'; station: NearbyStationResponse }
  | { status: 'none' }
  | { status: 'denied' };

/**
 * The nearest open station. Around where the member last looked (no prompt on opening the app); before any look,
 * a tap asks for the location once.
 */
function NearestStation(): ReactNode {
  const [nearest, setNearest] = useState<Nearest>({ status: 'unknown' });

  async function look(askLocation: boolean): Promise<void> {
    const point = askLocation ? await currentPosition() : lastQueryPoint();
    if (!point) {
      setNearest({ status: askLocation ? 'denied' : 'unknown' });
      return;
    }
    setNearest((current) => (current.status === 'found' ? current : { status: 'locating' }));
    try {
      const answer = await nearbyStations({ ...point, openNow: true, limit: 1, radius: 10_000 });
      rememberNearby(point, answer.items);
      const station = answer.items[0];
      setNearest(station ? { status: 'found', station } : { status: 'none' });
    } catch {
      setNearest({ status: 'unknown' });
    }
  }

  useDidShow(() => void look(false));

  return (
    <View className="home-nearest">
      <View className="su-section-title">附近驿站</View>
      {nearest.status === 'found' ? (
        <View
          className="su-card home-station"
          onClick={() => void Taro.navigateTo({ url: `${Routes.StationDetail}?id=${nearest.station.id}` })}
        >
          <View className="home-station-head">
            <View className="home-station-name">{nearest.station.name}</View>
            <View className="home-station-distance">{formatDistance(nearest.station.distanceMeters)}</View>
          </View>
          <View className="home-station-line">{openLabel(nearest.station)}</View>
          <View className="home-station-line">{nearest.station.address}</View>
        </View>
      ) : (
        <View className="su-card home-station home-station--empty">
          <View className="home-station-line">
            {nearest.status === 'locating'
              ? '正在查找附近的驿站…'
              : nearest.status === 'none'
                ? '10 公里内暂无正在开放的驿站'
                : nearest.status === 'denied'
                  ? '未能获取您的位置，可在驿站页按城市查找'
                  : '户外劳动者歇脚、饮水、充电的爱心驿站'}
          </View>
          <Button
            size="small"
            className="home-station-find"
            onClick={nearest.status === 'unknown' ? () => void look(true) : tab(Routes.Stations)}
          >
            {nearest.status === 'unknown' ? '查找附近驿站' : '去驿站地图'}
          </Button>
        </View>
      )}
    </View>
  );
}
