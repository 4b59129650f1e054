import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import type { NoticeResponse } from '@smartunion/contracts';

import { showError, TOAST_ID } from '../../../components/feedback';
import { ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { listNotices, markAllNoticesRead, markNoticeRead } from '../../../services/notices';
import { Routes, type Route } from '../../../services/routes';

import './index.scss';

/** Where a notice about a record is followed up. */
const PAGE_OF_REF: Readonly<Record<string, Route>> = {
  join_application: Routes.MembershipStatus,
  transfer: Routes.MembershipTransfer,
  establishment: Routes.MembershipEstablish,
};

/** 消息: the caller's notices, newest first; opening one marks it read. */
export default function NoticesPage(): ReactNode {
  const page = usePagedList(
    async () => ({ list: await listNotices() }),
    (_ready, n) => listNotices(n),
    { login: '登录后查看你的消息' },
  );
  const { setState } = page;

  function markLocally(ids: string[] | 'all'): void {
    const now = new Date().toISOString();
    setState((prev) => {
      if (prev.status !== 'ready') return prev;
      let newlyRead = 0;
      const items = prev.list.items.map((n) => {
        if (n.readAt || (ids !== 'all' && !ids.includes(n.id))) return n;
        newlyRead += 1;
        return { ...n, readAt: now };
      });
      const unread = ids === 'all' ? 0 : Math.max(0, prev.list.unread - newlyRead);
      return { ...prev, list: { ...prev.list, items, unread } };
    });
  }

  async function open(notice: NoticeResponse): Promise<void> {
    if (!notice.readAt) {
      try {
        await markNoticeRead(notice.id);
        markLocally([notice.id]);
      } catch (error) {
        showError(error);
        return;
      }
    }
    const page = notice.refType ? PAGE_OF_REF[notice.refType] : undefined;
    if (page) await Taro.navigateTo({ url: page });
  }

  async function readAll(): Promise<void> {
    try {
      await markAllNoticesRead();
      markLocally('all');
    } catch (error) {
      showError(error);
    }
  }

  return (
    <View className="page notices">
      <PageBody
        page={page}
        failedClassName="notices-failed"
        empty={{
          when: (s) => s.list.items.length === 0,
          className: 'notices-empty',
          title: '暂无消息',
          description: '入会、转接、建会的审核结果会通知到这里',
        }}
      >
        {(state) => (
          <View>
            <View className="notices-toolbar">
              <View className="notices-unread">
                {state.list.unread > 0 ? `${state.list.unread} 条未读` : '全部已读'}
              </View>
              <Button
                className="notices-read-all"
                size="small"
                disabled={state.list.unread === 0}
                onClick={() => void readAll()}
              >
                全部已读
              </Button>
            </View>
            {state.list.items.map((n) => (
              <View
                key={n.id}
                className={`su-card notices-item ${n.readAt ? 'notices-item--read' : 'notices-item--unread'}`}
                onClick={() => void open(n)}
              >
                <View className="notices-item-title">
                  {!n.readAt && <View className="notices-dot" />}
                  {n.title}
                </View>
                <View className="notices-item-body">{n.body}</View>
                <View className="notices-item-time">{formatDateTime(n.createdAt)}</View>
              </View>
            ))}
            <ListFooter more={page.more} />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}
