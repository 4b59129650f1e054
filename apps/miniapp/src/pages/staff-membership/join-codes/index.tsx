import { useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, CellGroup, Dialog, Input, Toast } from '@nutui/nutui-react-taro';
import {
  Permission,
  type JoinCodeListResponse,
  type JoinCodeResponse,
  type OrgRef,
} from '@smartunion/contracts';

import { showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { PageBody } from '../../../components/page-state';
import { usePageData, type PageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { formatDateTime } from '../../../services/format';
import { createJoinCode, listJoinCodes, revokeJoinCode } from '../../../services/membership-review';

import './index.scss';

/** 入会二维码: a grassroots union's join QR codes, issued with a label (where it is posted) and revoked. */
export default function WorkbenchJoinCodesPage(): ReactNode {
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [label, setLabel] = useState('');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<JoinCodeResponse | null>(null);

  const page = usePageData(
    async () => {
      const me = await getMe();
      // A cadre of one union has nothing to choose.
      const own = ownOrgs(me, Permission.JoinCodesManage, true);
      setOrg((current) => current ?? (own.length === 1 ? own[0] : null));
      return { me };
    },
    { login: true },
  );
  // The codes of the chosen union; none chosen: none shown, nothing loaded.
  const codes = usePageData(async () => (org ? { list: await listJoinCodes(org.id) } : null), {
    onShow: false,
    deps: [org],
  });

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
      await codes.reload();
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
      await codes.reload();
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="page join-codes">
      <PageBody page={page} failedClassName="join-codes-failed">
        {({ me }) => (
          <View>
            <OrgChooser
              me={me}
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
            {org && <CodeList codes={codes} onRevoke={setRevoking} />}
          </View>
        )}
      </PageBody>
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
  codes,
  onRevoke,
}: {
  codes: PageData<{ list: JoinCodeListResponse }>;
  onRevoke: (code: JoinCodeResponse) => void;
}): ReactNode {
  return (
    <PageBody
      page={codes}
      failedClassName="join-codes-list-failed"
      empty={{
        when: (ready) => ready.list.items.length === 0,
        className: 'join-codes-empty',
        title: '还没有入会二维码',
        description: '在上方填写标注后生成',
      }}
    >
      {(state) => (
        <View>
          {state.list.appUrlIsLocal && (
            <View className="join-codes-local-warning">
              <View className="join-codes-local-warning-title">二维码指向本机地址，手机扫码打不开</View>
              <View className="join-codes-local-warning-text">
                这些二维码里的链接是 localhost / 127.0.0.1。请让管理员把服务端的 PUBLIC_APP_URL
                设为会员手机能打开的网址后，再打印张贴。
              </View>
            </View>
          )}
          <View className="su-section-title">入会二维码（{state.list.total}）</View>
          {state.list.items.map((code) => (
            <View
              key={code.id}
              className={`su-card join-codes-item${code.revokedAt ? ' join-codes-item--revoked' : ''}`}
            >
              <View className="su-card-title join-codes-item-label">{code.label}</View>
              <Image className="join-codes-qr" src={code.qrDataUrl} showMenuByLongpress />
              <View className="su-card-line join-codes-url">{code.url}</View>
              <View className="su-card-line">
                生成于 <Nowrap>{formatDateTime(code.createdAt)}</Nowrap>
              </View>
              {code.revokedAt ? (
                <View className="join-codes-revoked">
                  已于 <Nowrap>{formatDateTime(code.revokedAt)}</Nowrap> 停用
                </View>
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
      )}
    </PageBody>
  );
}
