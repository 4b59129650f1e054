import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Cell, CellGroup, Input } from '@nutui/nutui-react-taro';
import type { MerchantResponse, MerchantUserRef } from '@smartunion/contracts';

import { ConfirmDialog } from '../../../components/edit-form';
import { showError, showSuccess } from '../../../components/feedback';
import { FieldError } from '../../../components/page-state';
import { linkMerchantUser, unlinkMerchantUser } from '../../../services/benefits';
import { userIdProblem } from './merchant-form';

/**
 * The accounts that write off the merchant's coupons at its counters: linking one by its account id grants it
 * the merchant role (the 核销 page); unlinking takes that away again.
 */
export function CounterAccounts({
  merchant,
  onChanged,
}: {
  merchant: MerchantResponse;
  onChanged: (merchant: MerchantResponse) => void;
}): ReactNode {
  const [userId, setUserId] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [linking, setLinking] = useState(false);
  const [unlinking, setUnlinking] = useState<MerchantUserRef | null>(null);

  async function link(): Promise<void> {
    if (linking) return;
    const found = userIdProblem(userId);
    setProblem(found ?? undefined);
    if (found) return;
    setLinking(true);
    try {
      onChanged(await linkMerchantUser(merchant.id, userId.trim().toLowerCase()));
      setUserId('');
      showSuccess('已绑定核销账号');
    } catch (error) {
      showError(error);
    } finally {
      setLinking(false);
    }
  }

  async function unlink(): Promise<void> {
    if (!unlinking) return;
    try {
      onChanged(await unlinkMerchantUser(merchant.id, unlinking.userId));
      showSuccess('已解除绑定');
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="merchant-accounts">
      <View className="su-section-title">核销账号（{merchant.users.length}）</View>
      <CellGroup>
        {merchant.users.length === 0 && (
          <Cell
            className="merchant-accounts-none"
            title="还没有核销账号"
            description="绑定后，该账号可在「我的」中核销本商户的优惠券"
          />
        )}
        {merchant.users.map((u) => (
          <Cell
            key={u.userId}
            className="merchant-account"
            title={u.displayName}
            description={u.userId}
            extra={
              <Button className="merchant-account-unlink" size="small" onClick={() => setUnlinking(u)}>
                解除
              </Button>
            }
          />
        ))}
        <View className="merchant-accounts-link">
          <Input
            className="merchant-accounts-input"
            name="userId"
            value={userId}
            placeholder="核销人员的账号 ID"
            maxLength={36}
            onChange={(v) => {
              setUserId(v);
              setProblem(undefined);
            }}
          />
          <Button
            className="merchant-accounts-submit"
            type="primary"
            size="small"
            disabled={!userId.trim()}
            loading={linking}
            onClick={() => void link()}
          >
            绑定
          </Button>
        </View>
        <FieldError name="userId" message={problem} />
      </CellGroup>
      <ConfirmDialog
        className="merchant-accounts-unlink-dialog"
        visible={unlinking !== null}
        title="解除核销账号"
        content={unlinking ? `解除后「${unlinking.displayName}」不能再核销本商户的优惠券。` : ''}
        confirmText="解除"
        onConfirm={unlink}
        onClose={() => setUnlinking(null)}
      />
    </View>
  );
}
