import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, SearchBar, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  OCCUPATION_LABELS,
  Permission,
  VERIFICATION_STATUS_LABELS,
  type RosterFormat,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { IS_H5 } from '../../../services/env';
import { formatDate } from '../../../services/format';
import { listMembers } from '../../../services/membership-review';
import { hasPermission } from '../../../services/permissions';
import { exportMembers } from '../../../services/rosters';

import './index.scss';

/** 会员名册: the members in scope, found by name or member number; the web workbench also exports them. */
export default function WorkbenchMembersPage(): ReactNode {
  const [keyword, setKeyword] = useState('');
  // The searched words: the search box may hold words not searched yet.
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const page = usePagedList(
    async () => {
      const [me, list] = await Promise.all([
        getMe(),
        listMembers({ q: query || undefined, pageSize: DEFAULT_PAGE_SIZE }),
      ]);
      // Files are saved by the browser: the export lives in the H5 workbench only.
      return { list, query, canExport: IS_H5 && hasPermission(me, Permission.MembershipExport) };
    },
    (ready, n) => listMembers({ q: ready.query || undefined, page: n, pageSize: DEFAULT_PAGE_SIZE }),
    { login: true, deps: [query] },
  );

  function search(value: string): void {
    // The same words again still searches, as the button promises.
    if (value === query) void page.reload();
    else setQuery(value);
  }

  async function download(format: RosterFormat): Promise<void> {
    if (busy) return;
    setBusy(format);
    try {
      await exportMembers({ format });
      showSuccess('名册已导出');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="page members">
      <SearchBar
        className="members-search"
        placeholder="姓名或会员号"
        value={keyword}
        onChange={setKeyword}
        onSearch={(value) => search(value.trim())}
        onClear={() => search('')}
      />
      <PageBody page={page} failedClassName="members-failed">
        {(state) => (
          <View>
            {state.canExport && (
              <View className="members-export">
                <Button
                  className="members-export-csv"
                  size="small"
                  loading={busy === 'csv'}
                  onClick={() => void download('csv')}
                >
                  导出 CSV
                </Button>
                <Button
                  className="members-export-xlsx"
                  size="small"
                  loading={busy === 'xlsx'}
                  onClick={() => void download('xlsx')}
                >
                  导出 Excel
                </Button>
              </View>
            )}
            {state.list.items.length === 0 ? (
              <EmptyState
                className="members-empty"
                kind={state.query ? 'search' : 'empty'}
                title={state.query ? '没有找到会员' : '还没有会员'}
                description={state.query ? '换个姓名或会员号试试' : undefined}
              />
            ) : (
              <View>
                <View className="su-section-title members-total">
                  {state.query ? '搜索结果' : '会员'}（{state.list.total}）
                </View>
                {state.list.items.map((m) => (
                  <View key={m.id} className="su-card members-item">
                    <View className="su-card-title members-item-name">{m.name}</View>
                    <View className="su-card-line members-item-no">会员号 {m.memberNo}</View>
                    <View className="su-card-line">{m.org.name}</View>
                    <View className="su-card-line">
                      {OCCUPATION_LABELS[m.occupation]} · {m.employer} · 手机 {m.mobile}
                    </View>
                    <View className="su-card-line">
                      {VERIFICATION_STATUS_LABELS[m.verification]} · <Nowrap>{formatDate(m.joinedAt)}</Nowrap>{' '}
                      入会
                    </View>
                  </View>
                ))}
                <ListFooter more={page.more} />
              </View>
            )}
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}
