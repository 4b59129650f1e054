import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import { ORG_TYPE_LABELS, Permission, ROLE_LABELS, type RoleBindingView } from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { loadWorkbenchMenu, WorkbenchMenu } from '../../../components/workbench-menu';
import { getMe } from '../../../services/api';

import './index.scss';

/**
 * 工作台: every page the caller's roles open, grouped by area, with what waits in each queue; then the scopes
 * they work in. Staff also see it on the home page; this page is reached from 我的.
 */
export default function WorkbenchPage(): ReactNode {
  const page = usePageData(
    async () => {
      const me = await getMe();
      const bindings: RoleBindingView[] = me.roles.filter((binding) =>
        binding.permissions.includes(Permission.WorkbenchAccess),
      );
      return { bindings, menu: await loadWorkbenchMenu(me) };
    },
    { login: '工作台供工会干部、驿站站长和各级工会工作人员使用，请先登录' },
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
        {({ bindings, menu }) => (
          <View>
            <WorkbenchMenu menu={menu} />
            <CellGroup title="我的管理范围">
              {bindings.map((binding) => (
                <Cell
                  key={`${binding.role}:${binding.org.id}`}
                  className="workbench-role"
                  title={ROLE_LABELS[binding.role]}
                  description={`${binding.org.name}（${ORG_TYPE_LABELS[binding.org.type]}）`}
                />
              ))}
            </CellGroup>
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}
