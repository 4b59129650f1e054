import { useCallback, useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  ImportStatus,
  ORG_TYPE_LABELS,
  OrgType,
  Permission,
  ROSTER_COLUMNS,
  type OrgRef,
  type RosterImportListResponse,
  type RosterImportResponse,
} from '@smartunion/contracts';

import { showError, showFailure, TOAST_ID } from '../../../components/feedback';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { EmptyState, PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { IS_H5 } from '../../../services/env';
import { formatDateTime } from '../../../services/format';
import {
  downloadImportErrors,
  getImport,
  listImports,
  ROSTER_MIME,
  rosterFormatOf,
  uploadRoster,
} from '../../../services/rosters';

import './index.scss';

const POLL_MS = 1500;

const IMPORT_STATUS_LABELS: Readonly<Record<ImportStatus, string>> = {
  queued: '排队中',
  running: '导入中',
  completed: '已完成',
  failed: '导入失败',
};

const isFinished = (i: RosterImportResponse): boolean =>
  i.status === ImportStatus.Completed || i.status === ImportStatus.Failed;

/** 名册导入 (web workbench): upload a CSV/XLSX roster into a union, follow its progress, fetch the rejected rows. */
export default function WorkbenchImportsPage(): ReactNode {
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [history, setHistory] = useState<RosterImportListResponse | null>(null);

  // Mini-programs cannot pick a file: there the page only says so.
  const page = usePageData(async () => {
    if (!IS_H5 || !(await requireSession())) return null;
    const me = await getMe();
    const own = ownOrgs(me, Permission.MembershipImport, false);
    setOrg((current) => current ?? (own.length === 1 ? own[0] : null));
    return { me };
  });

  const loadHistory = useCallback(async (orgId: string): Promise<void> => {
    try {
      setHistory(await listImports(orgId));
    } catch (error) {
      showError(error);
    }
  }, []);

  useEffect(() => {
    setHistory(null);
    if (org) void loadHistory(org.id);
  }, [org, loadHistory]);

  // Follows unfinished imports until the worker is done with them.
  const running = history?.items.find((i) => !isFinished(i)) ?? null;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => {
      void getImport(running.id)
        .then((fresh) =>
          setHistory((prev) =>
            prev ? { ...prev, items: prev.items.map((i) => (i.id === fresh.id ? fresh : i)) } : prev,
          ),
        )
        .catch(showError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [running]);

  async function upload(): Promise<void> {
    if (!org || !file || uploading) return;
    const format = rosterFormatOf(file.name);
    if (!format) {
      showFailure('请选择 .csv 或 .xlsx 文件');
      return;
    }
    setUploading(true);
    try {
      const started = await uploadRoster(org.id, file, format);
      setFile(null);
      setHistory((prev) =>
        prev
          ? { ...prev, items: [started, ...prev.items], total: prev.total + 1 }
          : { items: [started], total: 1, page: 1, pageSize: 20 },
      );
    } catch (error) {
      showError(error);
    } finally {
      setUploading(false);
    }
  }

  if (!IS_H5) {
    return (
      <View className="page imports">
        <EmptyState
          className="imports-h5-only"
          title="请在电脑浏览器中使用"
          description="名册导入需要上传文件，请在网页版工作台中操作"
        />
      </View>
    );
  }

  return (
    <View className="page imports">
      <PageBody page={page} failedClassName="imports-failed">
        {(state) => (
          <View>
            <OrgChooser
              me={state.me}
              permission={Permission.MembershipImport}
              grassrootsOnly={false}
              title="导入到"
              value={org}
              onChange={setOrg}
            />
            {org && (
              <CellGroup title="名册文件" description="CSV（UTF-8）或 Excel（.xlsx），第一行为表头">
                <View className="imports-picker">
                  <input
                    className="imports-file"
                    type="file"
                    accept={['.csv', '.xlsx', ROSTER_MIME.csv, ROSTER_MIME.xlsx].join(',')}
                    onChange={(event: ChangeEvent<HTMLInputElement>) =>
                      setFile(event.target.files?.[0] ?? null)
                    }
                  />
                  <View className="imports-columns">表头：{ROSTER_COLUMNS.join(',')}</View>
                  {org.type !== OrgType.Grassroots && (
                    <View className="imports-columns">
                      导入到{ORG_TYPE_LABELS[org.type]}时，union_code 列须写明每位会员所属基层工会的代码
                    </View>
                  )}
                </View>
                <View className="su-actions">
                  <Button
                    className="imports-upload"
                    type="primary"
                    block
                    disabled={!file}
                    loading={uploading}
                    onClick={() => void upload()}
                  >
                    上传并导入
                  </Button>
                </View>
              </CellGroup>
            )}
            {history && history.items.length > 0 && <ImportList items={history.items} />}
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function ImportList({ items }: { items: RosterImportResponse[] }): ReactNode {
  return (
    <View>
      <View className="su-section-title">导入记录</View>
      {items.map((i) => (
        <View key={i.id} className={`su-card imports-item imports-item--${i.status}`}>
          <View className="su-card-title">{i.fileName}</View>
          <View className="imports-status">{IMPORT_STATUS_LABELS[i.status]}</View>
          <View className="su-card-line imports-progress">
            已读取 {i.processedRows} 行 · 新增 {i.insertedRows} · 未变 {i.unchangedRows} · 有误 {i.errorRows}
          </View>
          {i.failure && <View className="su-card-line imports-failure">{i.failure}</View>}
          <View className="su-card-line">
            {i.org.name} · {formatDateTime(i.createdAt)}
          </View>
          {i.errorRows > 0 && isFinished(i) && (
            <View className="su-card-actions">
              <Button
                className="imports-errors"
                size="small"
                onClick={() => void downloadImportErrors(i.id).catch(showError)}
              >
                下载错误报告
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
