import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Avatar, Badge, Button, Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  APPLICATION_STATUS_LABELS,
  Permission,
  ROLE_LABELS,
  TRANSFER_STATUS_LABELS,
  type MeResponse,
  type MyMembershipResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { scanToJoin } from '../../../components/scan-join';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { ensureSession, signOut } from '../../../services/auth';
import { CAN_SCAN } from '../../../services/join-code';
import { getMyMembership } from '../../../services/membership';
import { listNotices } from '../../../services/notices';
import { hasPermission } from '../../../services/permissions';
import { Routes, type Route } from '../../../services/routes';

import './index.scss';

const SIGNED_OUT = { me: null, mine: null, unread: null };

export default function MinePage(): ReactNode {
  // Every time the tab shows: after a login, a logout or a role change elsewhere. me null: signed out.
  const page = usePageData(
    async (): Promise<{
      me: MeResponse | null;
      mine: MyMembershipResponse | null;
      unread: number | null;
    }> => {
      if (!(await ensureSession())) return SIGNED_OUT;
      // Membership and messages only add cells: 我的 still shows the profile if either is unavailable.
      const [me, mine, notices] = await Promise.all([
        getMe(),
        getMyMembership().catch(() => null),
        listNotices(1, 1).catch(() => null),
      ]);
      return { me, mine, unread: notices?.unread ?? null };
    },
  );

  async function onLogout(): Promise<void> {
    try {
      await signOut();
      showSuccess('已退出登录');
    } catch (error) {
      // The device has forgotten the session already; only the server call failed.
      showError(error);
    }
    page.setState({ status: 'ready', ...SIGNED_OUT });
  }

  return (
    <View className="page mine">
      <PageBody
        page={page}
        failedClassName="mine-failed"
        empty={{
          when: (ready) => ready.me === null,
          className: 'mine-signed-out',
          kind: 'login',
          title: '尚未登录',
          description: '登录后查看会员信息、所属工会和角色',
          children: (
            <Button
              className="mine-login"
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: Routes.Login })}
            >
              去登录
            </Button>
          ),
        }}
      >
        {({ me, mine, unread }) => me && <Profile me={me} mine={mine} unread={unread} onLogout={onLogout} />}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

const open = (url: Route) => (): void => void Taro.navigateTo({ url });

interface ProfileProps {
  me: MeResponse;
  mine: MyMembershipResponse | null;
  unread: number | null;
  onLogout: () => Promise<void>;
}

function Profile({ me, mine, unread, onLogout }: ProfileProps): ReactNode {
  return (
    <View>
      <View className="mine-profile">
        <Avatar size="large" src={me.avatarUrl ?? ''} background="#d4231e" color="#ffffff">
          {me.avatarUrl ? null : me.displayName.slice(0, 1)}
        </Avatar>
        <View className="mine-profile-text">
          <View className="mine-name">{me.displayName}</View>
          <View className="mine-union">{me.memberOrg?.name ?? '未加入工会'}</View>
        </View>
      </View>

      <CellGroup title="我的角色">
        {me.roles.length === 0 ? <Cell title="暂无角色" /> : null}
        {me.roles.map((binding) => (
          <Cell
            key={`${binding.role}:${binding.org.id}`}
            className="mine-role"
            title={ROLE_LABELS[binding.role]}
            extra={binding.org.name}
          />
        ))}
      </CellGroup>

      <Services me={me} mine={mine} unread={unread} />

      {me.hasWorkbench ? (
        <CellGroup>
          <Cell
            className="mine-workbench"
            title="工作台"
            description="按角色进入管理范围内的工作"
            clickable
            onClick={() => void Taro.navigateTo({ url: Routes.Workbench })}
          />
        </CellGroup>
      ) : null}

      <View className="mine-actions">
        <Button className="mine-logout" block onClick={() => void onLogout()}>
          退出登录
        </Button>
      </View>
    </View>
  );
}

/** The member's own services: card, application, transfer, establishment, messages; each where it applies. */
function Services({ me, mine, unread }: Omit<ProfileProps, 'onLogout'>): ReactNode {
  const member = mine?.member ?? null;
  const application = mine?.latestApplication ?? null;
  // Merchants check cards without a workbench; everyone else with the permission finds it there.
  const canCheckCards = !me.hasWorkbench && hasPermission(me, Permission.MemberCardCheck);
  return (
    <CellGroup title="会员服务">
      {member && (
        <Cell
          className="mine-card"
          title="会员卡"
          description={member.org.name}
          extra={member.memberNo}
          clickable
          onClick={open(Routes.MembershipCard)}
        />
      )}
      {!member && application && (
        <Cell
          className="mine-application"
          title="入会申请"
          description={application.org.name}
          extra={APPLICATION_STATUS_LABELS[application.status]}
          clickable
          onClick={open(Routes.MembershipStatus)}
        />
      )}
      {mine && !member && CAN_SCAN && (
        <Cell
          className="mine-scan-join"
          title="扫码入会"
          description="扫描工会驿站或站点的入会二维码"
          clickable
          onClick={() => void scanToJoin()}
        />
      )}
      {member && (
        <Cell
          className="mine-points"
          title="我的积分"
          description="每日签到、积分明细、积分商城"
          clickable
          onClick={open(Routes.PointsIndex)}
        />
      )}
      {member && (
        <Cell
          className="mine-welfare"
          title="我的福利"
          description="“智送清凉”等工会福利的领取"
          clickable
          onClick={open(Routes.Welfare)}
        />
      )}
      {member && (
        <Cell
          className="mine-transfer"
          title="组织关系转接"
          extra={mine?.openTransfer ? TRANSFER_STATUS_LABELS[mine.openTransfer.status] : ''}
          clickable
          onClick={open(Routes.MembershipTransfer)}
        />
      )}
      <Cell
        className="mine-establish"
        title="网上建会"
        description="企业申请成立工会"
        clickable
        onClick={open(Routes.MembershipEstablish)}
      />
      <Cell
        className="mine-notices"
        title="消息"
        extra={unread ? <Badge className="mine-unread" value={unread} max={99} /> : ''}
        clickable
        onClick={open(Routes.Notices)}
      />
      {hasPermission(me, Permission.CouponWriteOff) && (
        <Cell
          className="mine-writeoff"
          title="优惠券核销"
          description="核销会员出示的优惠券券码"
          clickable
          onClick={open(Routes.BenefitsWriteOff)}
        />
      )}
      {canCheckCards && (
        <Cell
          className="mine-card-check"
          title="会员码核验"
          description="核验会员出示的会员卡二维码"
          clickable
          onClick={open(Routes.WorkbenchCardCheck)}
        />
      )}
    </CellGroup>
  );
}
