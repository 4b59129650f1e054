import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  Permission,
  Role,
  type MeResponse,
  type WorkbenchPendingResponse,
  type WorkbenchTask,
} from '@smartunion/contracts';

import { openQueueDashboard } from '../services/admin';
import { hasPermission } from '../services/permissions';
import { Routes, type Route } from '../services/routes';
import { myStations } from '../services/station-ops';
import { workbenchPending } from '../services/workbench';
import { showError } from './feedback';
import { ServiceGrid, type GridTile, type TileTone } from './service-grid';

interface Entry {
  key: string;
  title: string;
  glyph: string;
  url: Route;
  /** Shown to roles with this permission; the station-duty entry is for masters of a station instead. */
  permission: Permission | 'station-master';
  /** The queue whose waiting count the tile carries. */
  task?: WorkbenchTask;
}

interface Group {
  key: string;
  title: string;
  tone: TileTone;
  entries: readonly Entry[];
}

/** The workbench by area, in the order staff reach for them; each entry shown to the roles that may use it. */
const GROUPS: readonly Group[] = [
  {
    key: 'membership',
    title: '会员与组织',
    tone: 'red',
    entries: [
      {
        key: 'joins',
        title: '入会审批',
        glyph: '审',
        url: Routes.WorkbenchJoins,
        permission: Permission.MembershipReview,
        task: 'joins',
      },
      {
        key: 'transfers',
        title: '转接审批',
        glyph: '转',
        url: Routes.WorkbenchTransfers,
        permission: Permission.MembershipReview,
        task: 'transfers',
      },
      {
        key: 'establishments',
        title: '建会审批',
        glyph: '建',
        url: Routes.WorkbenchEstablishments,
        permission: Permission.EstablishmentReview,
        task: 'establishments',
      },
      {
        key: 'members',
        title: '会员名册',
        glyph: '册',
        url: Routes.WorkbenchMembers,
        permission: Permission.MembershipRead,
      },
      {
        key: 'imports',
        title: '名册导入',
        glyph: '导',
        url: Routes.WorkbenchImports,
        permission: Permission.MembershipImport,
      },
      {
        key: 'join-codes',
        title: '入会二维码',
        glyph: '码',
        url: Routes.WorkbenchJoinCodes,
        permission: Permission.JoinCodesManage,
      },
      {
        key: 'orgs',
        title: '组织管理',
        glyph: '组',
        url: Routes.WorkbenchOrgs,
        permission: Permission.OrgRead,
      },
      {
        key: 'card-check',
        title: '会员码核验',
        glyph: '验',
        url: Routes.WorkbenchCardCheck,
        permission: Permission.MemberCardCheck,
      },
    ],
  },
  {
    key: 'stations',
    title: '驿站',
    tone: 'blue',
    entries: [
      {
        key: 'station-duty',
        title: '站长工作台',
        glyph: '岗',
        url: Routes.WorkbenchStationDuty,
        permission: 'station-master',
      },
      {
        key: 'patrols',
        title: '驿站巡查',
        glyph: '巡',
        url: Routes.WorkbenchPatrols,
        permission: Permission.StationRead,
        task: 'patrols_due',
      },
      {
        key: 'stations',
        title: '驿站管理',
        glyph: '驿',
        url: Routes.WorkbenchStations,
        permission: Permission.StationRead,
      },
      {
        key: 'rankings',
        title: '排行与通报',
        glyph: '榜',
        url: Routes.WorkbenchRankings,
        permission: Permission.StationRead,
      },
    ],
  },
  {
    key: 'points',
    title: '积分与福利',
    tone: 'orange',
    entries: [
      {
        key: 'mall-fulfil',
        title: '商城提货',
        glyph: '提',
        url: Routes.WorkbenchMallFulfil,
        permission: Permission.MallFulfil,
      },
      {
        key: 'welfare-pickup',
        title: '福利发放',
        glyph: '发',
        url: Routes.WorkbenchWelfarePickup,
        permission: Permission.WelfarePickup,
      },
      {
        key: 'mall-items',
        title: '积分商城',
        glyph: '商',
        url: Routes.WorkbenchMallItems,
        permission: Permission.PointsManage,
        task: 'pickups',
      },
      {
        key: 'points-rules',
        title: '积分规则',
        glyph: '规',
        url: Routes.WorkbenchPointsRules,
        permission: Permission.PointsManage,
      },
      {
        key: 'points-adjust',
        title: '积分调整',
        glyph: '调',
        url: Routes.WorkbenchPointsAdjust,
        permission: Permission.PointsManage,
      },
      {
        key: 'welfare-campaigns',
        title: '福利进度',
        glyph: '福',
        url: Routes.WorkbenchWelfareCampaigns,
        permission: Permission.BenefitsManage,
      },
    ],
  },
  {
    key: 'benefits',
    title: '普惠服务',
    tone: 'green',
    entries: [
      {
        key: 'merchants',
        title: '普惠商户',
        glyph: '商',
        url: Routes.WorkbenchMerchants,
        permission: Permission.BenefitsManage,
      },
      {
        key: 'coupon-templates',
        title: '优惠券',
        glyph: '券',
        url: Routes.WorkbenchCouponTemplates,
        permission: Permission.BenefitsManage,
      },
      {
        key: 'flash-drops',
        title: '秒杀管理',
        glyph: '秒',
        url: Routes.WorkbenchFlashDrops,
        permission: Permission.BenefitsManage,
      },
    ],
  },
];

export interface WorkbenchMenuState {
  groups: { key: string; title: string; tone: TileTone; entries: Entry[] }[];
  /** Waiting work per queue; null when the counts could not be read (the menu still works). */
  pending: WorkbenchPendingResponse['counts'] | null;
  /** The job-queue dashboard, a web page of the API (province staff): a new tab in H5, a copied link elsewhere. */
  canSeeQueues: boolean;
}

/** Whether the caller masters a station; a failure only hides the entry. */
async function mastersAStation(me: MeResponse): Promise<boolean> {
  if (!me.roles.some((binding) => binding.role === Role.StationMaster)) return false;
  try {
    return (await myStations()).items.length > 0;
  } catch {
    return false;
  }
}

export function hasWorkbench(me: MeResponse): boolean {
  return me.roles.some((binding) => binding.permissions.includes(Permission.WorkbenchAccess));
}

/** The caller's workbench: the entries their roles open, grouped by area, with the waiting counts. */
export async function loadWorkbenchMenu(me: MeResponse): Promise<WorkbenchMenuState> {
  const [master, pending] = await Promise.all([
    mastersAStation(me),
    workbenchPending()
      .then((answer) => answer.counts)
      .catch(() => null),
  ]);
  const allowed = (entry: Entry): boolean =>
    entry.permission === 'station-master' ? master : hasPermission(me, entry.permission);
  const groups = GROUPS.map((group) => ({ ...group, entries: group.entries.filter(allowed) })).filter(
    (group) => group.entries.length > 0,
  );
  const canSeeQueues = me.roles.some((r) => r.permissions.includes(Permission.QueuesAdmin));
  return { groups, pending, canSeeQueues };
}

const open = (url: Route) => (): void => void Taro.navigateTo({ url });

/** The workbench, one titled grid per area. Tiles are classed `workbench-<key>`. */
export function WorkbenchMenu({ menu }: { menu: WorkbenchMenuState }): ReactNode {
  return (
    <View className="su-workbench">
      {menu.groups.map((group) => (
        <View key={group.key} className={`su-card su-workbench-group su-workbench-group--${group.key}`}>
          <View className="su-workbench-title">{group.title}</View>
          <ServiceGrid
            name="workbench"
            tiles={group.entries.map((entry): GridTile => ({
              key: entry.key,
              title: entry.title,
              glyph: entry.glyph,
              tone: group.tone,
              badge: entry.task ? menu.pending?.[entry.task] : null,
              onTap: open(entry.url),
            }))}
          />
        </View>
      ))}
      {menu.canSeeQueues && (
        <View className="su-card su-workbench-group">
          <View className="su-workbench-title">系统</View>
          <ServiceGrid
            name="workbench"
            tiles={[
              {
                key: 'queues',
                title: '任务队列',
                glyph: '队',
                tone: 'purple',
                onTap: () => void openQueueDashboard().catch(showError),
              },
            ]}
          />
        </View>
      )}
    </View>
  );
}

/** The total of the waiting counts: the home page's 待办 line. */
export function pendingTotal(menu: WorkbenchMenuState): number {
  return Object.values(menu.pending ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
}
