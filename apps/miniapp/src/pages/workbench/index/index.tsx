import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  ORG_TYPE_LABELS,
  Permission,
  ROLE_LABELS,
  Role,
  type MeResponse,
  type RoleBindingView,
} from '@smartunion/contracts';

import { showError, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { openQueueDashboard } from '../../../services/admin';
import { getMe } from '../../../services/api';
import { IS_H5 } from '../../../services/env';
import { hasPermission } from '../../../services/permissions';
import { Routes, type Route } from '../../../services/routes';
import { myStations } from '../../../services/station-ops';

import './index.scss';

interface Entry {
  key: string;
  title: string;
  description: string;
  url: Route;
}

/** The workbench's pages, each shown to the roles whose permissions it needs. */
const ENTRIES: readonly (Entry & { permission: Permission; h5Only?: boolean })[] = [
  {
    key: 'orgs',
    title: '组织管理',
    description: '浏览和查找管理范围内的工会组织',
    url: Routes.WorkbenchOrgs,
    permission: Permission.OrgRead,
  },
  {
    key: 'joins',
    title: '入会审批',
    description: '审核职工扫码提交的入会申请',
    url: Routes.WorkbenchJoins,
    permission: Permission.MembershipReview,
  },
  {
    key: 'join-codes',
    title: '入会二维码',
    description: '为基层工会生成和停用入会二维码',
    url: Routes.WorkbenchJoinCodes,
    permission: Permission.JoinCodesManage,
  },
  {
    key: 'members',
    title: '会员名册',
    description: '查找会员，导出名册',
    url: Routes.WorkbenchMembers,
    permission: Permission.MembershipRead,
  },
  {
    key: 'imports',
    title: '名册导入',
    description: '上传 Excel / CSV 名册批量登记会员',
    url: Routes.WorkbenchImports,
    permission: Permission.MembershipImport,
  },
  {
    key: 'transfers',
    title: '转接审批',
    description: '会员组织关系转出、转入审核',
    url: Routes.WorkbenchTransfers,
    permission: Permission.MembershipReview,
  },
  {
    key: 'establishments',
    title: '建会审批',
    description: '审批企业网上建会申请',
    url: Routes.WorkbenchEstablishments,
    permission: Permission.EstablishmentReview,
  },
  {
    key: 'stations',
    title: '驿站管理',
    description: '查看和维护管理范围内的工会驿站',
    url: Routes.WorkbenchStations,
    permission: Permission.StationRead,
  },
  {
    key: 'patrols',
    title: '驿站巡查',
    description: '按驿站等级定期巡查，查看逾期和即将到期的驿站',
    url: Routes.WorkbenchPatrols,
    permission: Permission.StationRead,
  },
  {
    key: 'rankings',
    title: '排行榜与月度通报',
    description: '驿站访问量、评分和站长出勤排行，各市月度通报',
    url: Routes.WorkbenchRankings,
    permission: Permission.StationRead,
  },
  {
    key: 'card-check',
    title: '会员码核验',
    description: '扫描或粘贴会员出示的会员卡二维码',
    url: Routes.WorkbenchCardCheck,
    permission: Permission.MemberCardCheck,
  },
  {
    key: 'mall-fulfil',
    title: '积分商城提货',
    description: '输入或扫描会员的提货码，发放积分兑换的物品',
    url: Routes.WorkbenchMallFulfil,
    permission: Permission.MallFulfil,
  },
  {
    key: 'mall-items',
    title: '积分商城管理',
    description: '上架和维护积分兑换商品，查看兑换订单',
    url: Routes.WorkbenchMallItems,
    permission: Permission.PointsManage,
  },
  {
    key: 'points-rules',
    title: '积分规则与对账',
    description: '设置签到、学习等获取积分的规则和每日上限，查看对账报告',
    url: Routes.WorkbenchPointsRules,
    permission: Permission.PointsManage,
  },
  {
    key: 'points-adjust',
    title: '积分调整',
    description: '为管理范围内的会员补录或扣减积分',
    url: Routes.WorkbenchPointsAdjust,
    permission: Permission.PointsManage,
  },
  {
    key: 'welfare-pickup',
    title: '福利发放核销',
    description: '在驿站扫描会员的福利领取码，发放“智送清凉”等福利',
    url: Routes.WorkbenchWelfarePickup,
    permission: Permission.WelfarePickup,
  },
  {
    key: 'welfare-campaigns',
    title: '福利活动进度',
    description: '“智送清凉”等福利活动各地领取进度',
    url: Routes.WorkbenchWelfareCampaigns,
    permission: Permission.BenefitsManage,
  },
  {
    key: 'merchants',
    title: '普惠商户',
    description: '登记合作商户和门店，绑定商户核销账号',
    url: Routes.WorkbenchMerchants,
    permission: Permission.BenefitsManage,
  },
  {
    key: 'coupon-templates',
    title: '优惠券管理',
    description: '为合作商户发放优惠券，管理库存、领取对象和发放状态',
    url: Routes.WorkbenchCouponTemplates,
    permission: Permission.BenefitsManage,
  },
  {
    key: 'flash-drops',
    title: '秒杀管理',
    description: '从优惠券安排限时秒杀，查看抢购进度与对账',
    url: Routes.WorkbenchFlashDrops,
    permission: Permission.BenefitsManage,
  },
];

/** 站长工作台: only for station masters who are masters of a station. */
const STATION_DUTY_ENTRY: Entry = {
  key: 'station-duty',
  title: '站长工作台',
  description: '到岗签到、今日访客、开门二维码',
  url: Routes.WorkbenchStationDuty,
};

/** Whether the caller masters a station; a failure only hides the entry. */
async function mastersAStation(me: MeResponse): Promise<boolean> {
  if (!me.roles.some((binding) => binding.role === Role.StationMaster)) return false;
  try {
    return (await myStations()).items.length > 0;
  } catch {
    return false;
  }
}

/** The roles that open the workbench, each with the organisation it is scoped to. */
function workbenchBindings(me: MeResponse): RoleBindingView[] {
  return me.roles.filter((binding) => binding.permissions.includes(Permission.WorkbenchAccess));
}

export default function WorkbenchPage(): ReactNode {
  const page = usePageData(
    async () => {
      const me = await getMe();
      const entries: Entry[] = ENTRIES.filter((e) => hasPermission(me, e.permission) && (IS_H5 || !e.h5Only));
      if (await mastersAStation(me)) entries.unshift(STATION_DUTY_ENTRY);
      return {
        bindings: workbenchBindings(me),
        entries,
        // The dashboard is a web page served by the API: only the H5 build can open it.
        canSeeQueues: IS_H5 && me.roles.some((r) => r.permissions.includes(Permission.QueuesAdmin)),
      };
    },
    { login: true },
  );

  return (
    <View className="page workbench">
      <PageBody
        page={page}
        failedClassName="workbench-failed"
        empty={{
          when: (ready) => ready.bindings.length === 0,
          className: 'workbench-none',
          title: '没有工作台权限',
          description: '当前账号的角色不包含工作台',
        }}
      >
        {(state) => (
          <View>
            {(state.entries.length > 0 || state.canSeeQueues) && (
              <CellGroup title="工作">
                {state.entries.map((entry) => (
                  <Cell
                    key={entry.key}
                    className={`workbench-${entry.key}`}
                    title={entry.title}
                    description={entry.description}
                    clickable
                    onClick={() => void Taro.navigateTo({ url: entry.url })}
                  />
                ))}
                {state.canSeeQueues && (
                  <Cell
                    className="workbench-queues"
                    title="任务队列监控"
                    description="后台任务运行情况（省总工会）"
                    clickable
                    onClick={() => void openQueueDashboard().catch(showError)}
                  />
                )}
              </CellGroup>
            )}
            <CellGroup title="我的管理范围">
              {state.bindings.map((binding) => (
                <Cell
                  key={`${binding.role}:${binding.org.id}`}
                  className="workbench-role"
                  title={ROLE_LABELS[binding.role]}
                  description={`${binding.org.name}（${ORG_TYPE_LABELS[binding.org.type]}）`}
                />
              ))}
            </CellGroup>
            <View className="workbench-note">诉求处理等工作将在后续版本陆续上线，按上面的管理范围开放。</View>
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}
