import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Toast } from '@nutui/nutui-react-taro';
import { ESTABLISHMENT_STATUS_LABELS } from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { applyEstablishment, listMyEstablishments } from '../../../services/establishments';
import { formatDateTime } from '../../../services/format';
import {
  EMPTY_ESTABLISH,
  EstablishForm,
  toRequest,
  type EstablishErrors,
  type EstablishFields,
} from './establish-form';

import './index.scss';

/** 网上建会: an enterprise applies to found a union under an upper union, and follows its applications. */
export default function EstablishPage(): ReactNode {
  const [fields, setFields] = useState<EstablishFields>(EMPTY_ESTABLISH);
  const [errors, setErrors] = useState<EstablishErrors>({});
  const [submitting, setSubmitting] = useState(false);

  const page = usePageData(async () => ({ list: await listMyEstablishments() }), {
    login: '登录后为企业申请建会',
  });

  async function submit(): Promise<void> {
    if (submitting) return;
    const checked = toRequest(fields);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await applyEstablishment(checked.request);
      showSuccess('建会申请已提交');
      setFields(EMPTY_ESTABLISH);
      await page.reload();
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <View className="page establish">
      <PageBody page={page} failedClassName="establish-failed">
        {(state) => (
          <View>
            {state.list.items.length > 0 && (
              <View>
                <View className="su-section-title">我的建会申请</View>
                {state.list.items.map((e) => (
                  <View key={e.id} className="su-card establish-item">
                    <View className="su-card-title">{e.enterpriseName}</View>
                    <View className="establish-status">{ESTABLISHMENT_STATUS_LABELS[e.status]}</View>
                    <View className="su-card-line">上级工会 {e.parent.name}</View>
                    {e.createdOrg && <View className="su-card-line">已成立 {e.createdOrg.name}</View>}
                    {e.rejectReason && (
                      <View className="su-card-line establish-reject-reason">驳回原因：{e.rejectReason}</View>
                    )}
                    <View className="su-card-line">申请时间 {formatDateTime(e.createdAt)}</View>
                  </View>
                ))}
              </View>
            )}
            <EstablishForm
              fields={fields}
              errors={errors}
              submitting={submitting}
              onChange={setFields}
              onSubmit={() => void submit()}
            />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}
