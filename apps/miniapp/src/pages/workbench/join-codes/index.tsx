import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, CellGroup, Dialog, Input, Toast } from '@nutui/nutui-react-taro';
import {
  Permission,
  type JoinCodeListResponse,
  type JoinCodeResponse,
  type MeResponse,
  type OrgRef,
} from '@smartunion/contracts';

import { errorMessage, showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { formatDateTime } from '../../../services/format';
import { createJoinCode, listJoinCodes, revokeJoinCode } from '../../../services/membership-review';

import './index.scss';

type PageState = LoadState<{ me: MeResponse }>;
type CodesState = LoadState<{ list: JoinCodeListResponse }>;

/** 入会二维码: a grassroots union's join QR codes, issued with a label (where it is posted) and revoked. */
export default function WorkbenchJoinCodesPage(): ReactNode {
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [codes, setCodes] = useState<CodesState>({ status: 'loading' });
  const [label, setLabel] = useState('');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<JoinCodeResponse | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const me = await getMe();
      setState({ status: 'ready', me });
      // A cadre of one union has nothing to choose.
      const own = ownOrgs(me, Permission.JoinCodesManage, true);
      setOrg((current) => current ?? (own.length === 1 ? own[0] : null));
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  const loadCodes = useCallback(async (orgId: string): Promise<void> => {
    setCodes({ status: 'loading' });
    try {
      setCodes({ status: 'ready', list: await listJoinCodes(orgId) });
    } catch (error) {
      setCodes({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  useEffect(() => {
    if (org) void loadCodes(org.id);
  }, [org, loadCodes]);

  async function create(): Promise<void> {
    if (!org || creating) return;
    const text = label.trim();
    if (!text) {
      showFailure('请填写张贴位置或用途');
      return;
    }
    setCreating(true);
    try {
      await createJoinCode({ orgId: org.id, label: text });
      showSuccess('已生成入会二维码');
      setLabel('');
      await loadCodes(org.id);
    } catch (error) {
      showError(error);
    } finally {
      setCreating(false);
    }
  }

  async function revoke(): Promise<void> {
    if (!revoking || !org) return;
    try {
      await revokeJoinCode(revoking.id);
      showSuccess('已停用');
      await loadCodes(org.id);
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="page join-codes">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="join-codes-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' && (
        <View>
          <OrgChooser
            me={state.me}
            permission={Permission.JoinCodesManage}
            grassrootsOnly
            title="基层工会"
            value={org}
            onChange={setOrg}
          />
          {org && (
            <CellGroup title="生成新的入会二维码" description="标注张贴位置，便于统计和停用">
              <View className="join-codes-new">
                <Input
                  className="join-codes-label"
                  placeholder="如：驿站门口、2026 春季招募"
                  value={label}
                  maxLength={60}
                  onChange={setLabel}
                />
                <Button
                  className="join-codes-create"
                  type="primary"
                  size="small"
                  disabled={!label.trim()}
                  loading={creating}
                  onClick={() => void create()}
                >
                  生成
                </Button>
              </View>
            </CellGroup>
          )}
          {org && <CodeList state={codes} onRevoke={setRevoking} onRetry={() => void loadCodes(org.id)} />}
        </View>
      )}
      <Dialog
        className="join-codes-revoke-dialog"
        visible={revoking !== null}
        title="停用入会二维码"
        content={revoking ? `停用后扫描「${revoking.label}」将无法入会，已提交的申请不受影响。` : ''}
        confirmText="停用"
        cancelText="取消"
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
        onClose={() => setRevoking(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

function CodeList({
  state,
  onRevoke,
  onRetry,
}: {
  state: CodesState;
  onRevoke: (code: JoinCodeResponse) => void;
  onRetry: () => void;
}): ReactNode {
  switch (state.status) {
    case 'loading':
      return <LoadingState />;
    case 'failed':
      return <FailedState className="join-codes-list-failed" message={state.message} onRetry={onRetry} />;
    case 'ready':
      if (state.list.items.length === 0) {
        return (
          <EmptyState
            className="join-codes-empty"
            title="还没有入会二维码"
            description="在上方填写标注后生成"
          />
        );
      }
      return (
        <View>
          <View className="su-section-title">入会二维码（{state.list.total}）</View>
          {state.list.items.map((code) => (
            <View
              key={code.id}
              className={`su-card join-codes-item${code.revokedAt ? ' join-codes-item--revoked' : ''}`}
            >
              <View className="su-card-title join-codes-item-label">{code.label}</View>
              <Image className="join-codes-qr" src={code.qrDataUrl} showMenuByLongpress />
              <View className="su-card-line join-codes-url">{code.url}</View>
              <View className="su-card-line">生成于 {formatDateTime(code.createdAt)}</View>
              {code.revokedAt ? (
                <View className="join-codes-revoked">已于 {formatDateTime(code.revokedAt)} 停用</View>
              ) : (
                <View className="su-card-actions">
                  <Button
                    className="join-codes-copy"
                    size="small"
                    onClick={() => void Taro.setClipboardData({ data: code.url }).catch(showError)}
                  >
                    复制链接
                  </Button>
                  <Button className="join-codes-revoke" size="small" onClick={() => onRevoke(code)}>
                    停用
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      );
  }
}
