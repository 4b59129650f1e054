import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Checkbox, Dialog, Toast } from '@nutui/nutui-react-taro';
import {
  ApplicationStatus,
  DEFAULT_PAGE_SIZE,
  ERROR_MESSAGES_ZH,
  MAX_BATCH_APPROVE,
  OCCUPATION_LABELS,
  VERIFICATION_STATUS_LABELS,
  type BatchApproveResponse,
  type ErrorCode,
  type JoinApplicationListResponse,
  type JoinApplicationResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { RejectDialog } from '../../../components/reject-dialog';
import { usePagedList, type ListMore } from '../../../components/use-page-data';
import { daysSince, formatDate } from '../../../services/format';
import {
  approveApplication,
  batchApprove,
  listApplications,
  rejectApplication,
} from '../../../services/membership-review';
import { Filters, type JoinFilters } from './filters';

import './index.scss';

interface BatchResult {
  approved: number;
  failed: { name: string; message: string }[];
}

/** The batch failure's code in Chinese where it is one of ours, else the API's own words. */
function failureMessage(failure: BatchApproveResponse['failed'][number]): string {
  return failure.code in ERROR_MESSAGES_ZH ? ERROR_MESSAGES_ZH[failure.code as ErrorCode] : failure.message;
}

/** 入会审批: pending applications in scope, oldest first, decided one by one or in a batch. */
export default function WorkbenchJoinsPage(): ReactNode {
  const [filters, setFilters] = useState<JoinFilters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<JoinApplicationResponse | null>(null);
  const [batchResult, setBatchResult] = useState<BatchResult | null>(null);

  const pending = (page?: number): Promise<JoinApplicationListResponse> =>
    listApplications({ ...filters, status: ApplicationStatus.Pending, page, pageSize: DEFAULT_PAGE_SIZE });
  const page = usePagedList(
    async () => {
      const list = await pending();
      setSelected([]);
      return { list };
    },
    (_ready, n) => pending(n),
    { login: true, deps: [filters] },
  );
  const { state, setState } = page;

  /** Takes decided applications off the list without reloading the rest. */
  function remove(ids: string[]): void {
    setSelected((prev) => prev.filter((id) => !ids.includes(id)));
    setState((prev) =>
      prev.status === 'ready'
        ? {
            ...prev,
            list: {
              ...prev.list,
              items: prev.list.items.filter((a) => !ids.includes(a.id)),
              total: Math.max(0, prev.list.total - ids.length),
            },
          }
        : prev,
    );
  }

  async function approve(app: JoinApplicationResponse): Promise<void> {
    if (busy) return;
    setBusy(app.id);
    try {
      await approveApplication(app.id);
      showSuccess(`已通过${app.name}的入会申请`);
      remove([app.id]);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  async function reject(reason: string): Promise<void> {
    if (!rejecting) return;
    await rejectApplication(rejecting.id, reason);
    showSuccess('已驳回');
    remove([rejecting.id]);
  }

  async function approveSelected(items: JoinApplicationResponse[]): Promise<void> {
    if (busy || selected.length === 0) return;
    setBusy('batch');
    try {
      const result = await batchApprove(selected.slice(0, MAX_BATCH_APPROVE));
      const names = new Map(items.map((a) => [a.id, a.name]));
      remove(result.approved);
      setBatchResult({
        approved: result.approved.length,
        failed: result.failed.map((f) => ({ name: names.get(f.id) ?? f.id, message: failureMessage(f) })),
      });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="page joins">
      {state.status !== 'failed' && <Filters value={filters} onChange={setFilters} />}
      <PageBody page={page} failedClassName="joins-failed">
        {(ready) => (
          <ApplicationList
            list={ready.list}
            selected={selected}
            busy={busy}
            more={page.more}
            onSelect={setSelected}
            onApprove={(app) => void approve(app)}
            onReject={setRejecting}
            onApproveSelected={() => void approveSelected(ready.list.items)}
          />
        )}
      </PageBody>
      <RejectDialog subject={rejecting?.name ?? null} onReject={reject} onClose={() => setRejecting(null)} />
      <Dialog
        className="joins-batch-dialog"
        visible={batchResult !== null}
        title="批量审批结果"
        hideCancelButton
        confirmText="知道了"
        onConfirm={() => setBatchResult(null)}
        onClose={() => setBatchResult(null)}
      >
        {batchResult && (
          <View className="joins-batch-result">
            <View>已通过 {batchResult.approved} 人</View>
            {batchResult.failed.length > 0 && <View>{batchResult.failed.length} 人未通过：</View>}
            {batchResult.failed.map((f) => (
              <View key={f.name} className="joins-failure">
                {f.name}：{f.message}
              </View>
            ))}
          </View>
        )}
      </Dialog>
      <Toast id={TOAST_ID} />
    </View>
  );
}

interface ListProps {
  list: JoinApplicationListResponse;
  selected: string[];
  busy: string | null;
  more: ListMore;
  onSelect: (ids: string[]) => void;
  onApprove: (app: JoinApplicationResponse) => void;
  onReject: (app: JoinApplicationResponse) => void;
  onApproveSelected: () => void;
}

function ApplicationList(props: ListProps): ReactNode {
  const { list, selected, busy } = props;
  if (list.items.length === 0) {
    return (
      <EmptyState
        className="joins-empty"
        title="没有待审核的入会申请"
        description="新的申请会按提交先后排在这里"
      />
    );
  }
  const allIds = list.items.map((a) => a.id);
  const allSelected = allIds.every((id) => selected.includes(id));
  const toggle = (id: string, on: boolean): void =>
    props.onSelect(on ? [...selected, id] : selected.filter((s) => s !== id));

  return (
    <View>
      <View className="joins-toolbar">
        <Checkbox
          className="joins-select-all"
          label={`待审核 ${list.total} 人`}
          checked={allSelected}
          onChange={(on) => props.onSelect(on ? allIds : [])}
        />
        <Button
          className="joins-batch-approve"
          type="primary"
          size="small"
          disabled={selected.length === 0}
          loading={busy === 'batch'}
          onClick={props.onApproveSelected}
        >
          批量通过{selected.length > 0 ? `（${selected.length}）` : ''}
        </Button>
      </View>
      {list.items.map((app) => (
        <View key={app.id} className="su-card joins-item">
          <View className="joins-item-head">
            <Checkbox
              className="joins-item-check"
              checked={selected.includes(app.id)}
              onChange={(on) => toggle(app.id, on)}
            />
            <View className="su-card-title joins-item-name">{app.name}</View>
            <View className="su-card-line">
              {app.gender === 'male' ? '男' : '女'} · {app.age} 岁
            </View>
            {app.newEmploymentForm && <View className="joins-item-tag">新就业形态</View>}
          </View>
          <View className="su-card-line">
            身份证 {app.idNumber} · 手机 {app.mobile}
          </View>
          <View className="su-card-line">
            {OCCUPATION_LABELS[app.occupation]} · {app.employer}
          </View>
          <View className="su-card-line joins-item-org">申请加入 {app.org.name}</View>
          <View className="su-card-line">
            {VERIFICATION_STATUS_LABELS[app.verification]} · <Nowrap>{formatDate(app.createdAt)}</Nowrap>{' '}
            提交，已等待 <Nowrap>{daysSince(app.createdAt)} 天</Nowrap>
          </View>
          <View className="su-card-actions">
            <Button className="joins-reject" size="small" onClick={() => props.onReject(app)}>
              驳回
            </Button>
            <Button
              className="joins-approve"
              type="primary"
              size="small"
              loading={busy === app.id}
              onClick={() => props.onApprove(app)}
            >
              通过
            </Button>
          </View>
        </View>
      ))}
      <ListFooter more={props.more} />
    </View>
  );
}
