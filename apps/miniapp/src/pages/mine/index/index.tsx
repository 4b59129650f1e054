import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Avatar, Button, Cell, CellGroup, Empty, Loading, Toast } from '@nutui/nutui-react-taro';
import { ROLE_LABELS, type MeResponse } from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { getMe } from '../../../services/api';
import { ensureSession, signOut } from '../../../services/auth';
import { Routes } from '../../../services/routes';
import mineIcon from '../../../assets/tabbar/mine.png';

import './index.scss';

type MineState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; me: MeResponse };

export default function MinePage(): ReactNode {
  const [state, setState] = useState<MineState>({ status: 'loading' });

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await ensureSession())) {
        setState({ status: 'signedOut' });
        return;
      }
      setState({ status: 'ready', me: await getMe() });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  // Every time the tab shows: after a login, a logout or a role change elsewhere.
  useDidShow(() => {
    void load();
  });

  async function onLogout(): Promise<void> {
    try {
      await signOut();
      showSuccess('已退出登录');
    } catch (error) {
      // The device has forgotten the session already; only the server call failed.
      showError(error);
    }
    setState({ status: 'signedOut' });
  }

  return (
    <View className="page mine">
      {renderBody(state, load, onLogout)}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function renderBody(state: MineState, reload: () => Promise<void>, onLogout: () => Promise<void>): ReactNode {
  switch (state.status) {
    case 'loading':
      return (
        <View className="mine-state">
          <Loading>加载中…</Loading>
        </View>
      );
    case 'signedOut':
      return (
        <View className="mine-state">
          <Empty
            className="mine-signed-out"
            title="尚未登录"
            description="登录后查看会员信息、所属工会和角色"
            image={mineIcon}
            imageSize={72}
          />
          <View className="mine-state-action">
            <Button
              className="mine-login"
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: Routes.Login })}
            >
              去登录
            </Button>
          </View>
        </View>
      );
    case 'failed':
      return (
        <View className="mine-state">
          <Empty
            className="mine-failed"
            title="加载失败"
            description={state.message}
            image={mineIcon}
            imageSize={72}
          />
          <View className="mine-state-action">
            <Button block onClick={() => void reload()}>
              重试
            </Button>
          </View>
        </View>
      );
    case 'ready':
      return <Profile me={state.me} onLogout={onLogout} />;
  }
}

function Profile({ me, onLogout }: { me: MeResponse; onLogout: () => Promise<void> }): ReactNode {
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
