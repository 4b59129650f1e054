import { useCallback, useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  ImportStatus,
  ORG_TYPE_LABELS,
  OrgType,
  Permission,
  ROSTER_COLUMN_LABELS,
  ROSTER_COLUMNS,
  type OrgRef,
  type RosterImportListResponse,
  type RosterImportResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showFailure, TOAST_ID } from '../../../components/feedback';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { EmptyState, PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { IS_H5 } from '../../../services/env';
import { CAN_PICK_FILES, chooseChatFile, type PickedFile } from '../../../services/files';
import { formatDateTime } from '../../../services/format';
import {
  downloadImportErrors,
  downloadRosterTemplate,
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

const HEADER_TEXT = ROSTER_COLUMNS.map((c) => ROSTER_COLUMN_LABELS[c]).join('、');

const isFinished = (i: RosterImportResponse): boolean =>
  i.status === ImportStatus.Completed || i.status === ImportStatus.Failed;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 名册导入: upload an XLSX/CSV roster (from the template) into a union, follow its progress, fetch the rejected
 * rows. H5 picks the file with the browser's picker behind a button, WeChat from a chat (chooseMessageFile).
 */
export default function WorkbenchImportsPage(): ReactNode {
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [fetchingTemplate, setFetchingTemplate] = useState(false);
  const [history, setHistory] = useState<RosterImportListResponse | null>(null);
  const input = useRef<HTMLInputElement | null>(null);

  const page = usePageData(async () => {
    if (!CAN_PICK_FILES || !(await requireSession())) return null;
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

  function choose(picked: PickedFile | null): void {
    if (!picked) return;
    if (!rosterFormatOf(picked.name)) {
      showFailure('请选择 .xlsx 或 .csv 文件');
      return;
    }
    setFile(picked);
  }

  async function pick(): Promise<void> {
    if (IS_H5) {
      input.current?.click();
      return;
    }
    try {
      choose(await chooseChatFile(['xlsx', 'csv']));
    } catch (error) {
      showFailure(errorMessage(error));
    }
  }

  async function template(): Promise<void> {
    if (fetchingTemplate) return;
    setFetchingTemplate(true);
    try {
      await downloadRosterTemplate();
    } catch (error) {
      showError(error);
    } finally {
      setFetchingTemplate(false);
    }
  }

  async function upload(): Promise<void> {
    if (!org || !file || uploading) return;
    const format = rosterFormatOf(file.name);
    if (!format) {
      showFailure('请选择 .xlsx 或 .csv 文件');
      return;
    }
    setUploading(true);
    try {
      const started = await uploadRoster(org.id, file, format);
      setFile(null);
      if (input.current) input.current.value = '';
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

  if (!CAN_PICK_FILES) {
    return (
      <View className="page imports">
        <EmptyState
          className="imports-unsupported"
          title="请在网页版工作台或微信小程序中使用"
          description="名册导入需要选择文件，支付宝小程序暂不支持"
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
              <CellGroup
                title="名册文件"
                description="Excel（.xlsx）或 CSV（UTF-8 或 GBK），第一行为表头；建议下载模板填写"
              >
                <View className="imports-picker">
                  {IS_H5 && (
                    <input
                      ref={input}
                      className="imports-file"
                      type="file"
                      accept={['.xlsx', '.csv', ROSTER_MIME.xlsx, ROSTER_MIME.csv].join(',')}
                      onChange={(event: ChangeEvent<HTMLInputElement>) => {
                        const picked = event.target.files?.[0];
                        choose(picked ? { name: picked.name, size: picked.size, data: picked } : null);
                      }}
                    />
                  )}
                  <View
                    className={`imports-choose${file ? ' imports-choose--picked' : ''}`}
                    onClick={() => void pick()}
                  >
                    {file ? (
                      <View>
                        <View className="imports-choose-name">{file.name}</View>
                        <View className="imports-choose-hint">{sizeText(file.size)} · 点击重新选择</View>
                      </View>
                    ) : (
                      <View>
                        <View className="imports-choose-title">选择名册文件</View>
                        <View className="imports-choose-hint">
                          {IS_H5 ? '.xlsx 或 .csv' : '从微信聊天中选择 .xlsx 或 .csv 文件'}
                        </View>
                      </View>
                    )}
                  </View>
                  <View className="imports-columns">表头：{HEADER_TEXT}（工会代码可省略）</View>
                  {org.type !== OrgType.Grassroots && (
                    <View className="imports-columns">
                      导入到{ORG_TYPE_LABELS[org.type]}时，须填写「工会代码」列：每位会员所属基层工会的代码
                    </View>
                  )}
                  <View className="imports-template" onClick={() => void template()}>
                    {fetchingTemplate ? '正在下载模板…' : '下载模板（.xlsx）'}
                  </View>
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
