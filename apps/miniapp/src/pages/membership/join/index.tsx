import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  ApplicationStatus,
  ErrorCode,
  JOIN_CODE_PARAM,
  type JoinCodeInfoResponse,
  type MyMembershipResponse,
} from '@smartunion/contracts';

import { showError, TOAST_ID } from '../../../components/feedback';
import { EmptyState, PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { ensureSession } from '../../../services/auth';
import { extractJoinCode } from '../../../services/join-code';
import { getMyMembership, resolveJoinCode, submitApplication } from '../../../services/membership';
import { Routes } from '../../../services/routes';
import {
  EMPTY_FIELDS,
  JoinForm,
  serverFieldErrors,
  validate,
  type FieldErrors,
  type JoinFields,
} from './join-form';
import { UnionFinder } from './union-finder';

import './index.scss';

/**
 * The join code of this page: `code` when opened from the QR's URL (H5) or by our own navigation, or inside
 * `q` when WeChat opened the mini-program for a scanned ordinary link.
 */
function codeFromParams(params: Partial<Record<string, string>>): string | null {
  const direct = params[JOIN_CODE_PARAM];
  if (direct) return direct;
  if (!params.q) return null;
  try {
    return extractJoinCode(decodeURIComponent(params.q));
  } catch {
    return null;
  }
}

export default function JoinPage(): ReactNode {
  const code = codeFromParams(useRouter().params);
  const [fields, setFields] = useState<JoinFields>(EMPTY_FIELDS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);

  // info null: no code to join with, so the worker finds a union. The union of a code is public: a worker sees
  // where the code leads before logging in. mine null: signed out.
  const page = usePageData(async () => {
    const info = code ? await resolveJoinCode(code) : null;
    const mine = (await ensureSession()) ? await getMyMembership() : null;
    return { info, mine };
  });

  async function submit(): Promise<void> {
    if (!code || submitting) return;
    const found = validate(fields);
    setErrors(found);
    if (Object.keys(found).length > 0 || !fields.occupation) return;
    setSubmitting(true);
    try {
      await submitApplication({
        joinCode: code,
        name: fields.name.trim(),
        mobile: fields.mobile.trim(),
        idNumber: fields.idNumber.trim().toUpperCase(),
        employer: fields.employer.trim(),
        occupation: fields.occupation,
        newEmploymentForm: fields.newEmploymentForm,
      });
      await Taro.redirectTo({ url: Routes.MembershipStatus });
    } catch (error) {
      const onFields = serverFieldErrors(error);
      if (onFields) {
        setErrors(onFields);
      } else if (
        isApiError(error) &&
        (error.code === ErrorCode.AlreadyMember || error.code === ErrorCode.ApplicationPending)
      ) {
        // Decided elsewhere meanwhile (another device, a double tap): show where things stand.
        showError(error);
        await page.reload();
      } else {
        showError(error);
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <View className="page join">
      <PageBody page={page} failedClassName="join-failed">
        {({ info, mine }) =>
          info === null ? (
            // Already a member, or waiting for a decision: where things stand; otherwise 扫码入会 or 搜索入会.
            mine === null ? (
              <UnionFinder signedIn={false} />
            ) : (
              renderNext(mine, null, () => <UnionFinder signedIn />)
            )
          ) : (
            <View>
              <View className="su-card join-union">
                <View className="join-union-hint">申请加入</View>
                <View className="join-union-name">{info.org.name}</View>
                <View className="join-union-path">{info.orgPath.join(' / ')}</View>
              </View>
              {renderNext(mine, info, () => (
                <JoinForm
                  fields={fields}
                  errors={errors}
                  submitting={submitting}
                  onChange={setFields}
                  onSubmit={() => void submit()}
                />
              ))}
            </View>
          )
        }
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** After the union (null: none chosen yet): log in, the form, or where the worker already stands. */
function renderNext(
  mine: MyMembershipResponse | null,
  info: JoinCodeInfoResponse | null,
  form: () => ReactNode,
): ReactNode {
  const go = (url: string) => () => void Taro.navigateTo({ url });
  if (mine === null) {
    return (
      <EmptyState
        className="join-signed-out"
        kind="login"
        title="请先登录"
        description="登录后填写入会申请，约需 3 分钟"
      >
        <Button className="join-login" type="primary" block onClick={go(Routes.Login)}>
          登录后申请入会
        </Button>
      </EmptyState>
    );
  }
  if (mine.member) {
    const same = mine.member.org.id === info?.org.id;
    return (
      <EmptyState
        className="join-member"
        title={same ? '您已是本工会会员' : `您已是${mine.member.org.name}会员`}
        description={same ? undefined : `如需加入${info ? '本' : '其他'}工会，请申请组织关系转接`}
      >
        <Button className="join-to-card" type="primary" block onClick={go(Routes.MembershipCard)}>
          查看会员卡
        </Button>
        {same ? null : (
          <Button className="join-to-transfer" block onClick={go(Routes.MembershipTransfer)}>
            组织关系转接
          </Button>
        )}
      </EmptyState>
    );
  }
  if (mine.latestApplication?.status === ApplicationStatus.Pending) {
    return (
      <EmptyState
        className="join-pending"
        title="入会申请审核中"
        description={`已提交至${mine.latestApplication.org.name}，请耐心等待审核`}
      >
        <Button className="join-to-status" type="primary" block onClick={go(Routes.MembershipStatus)}>
          查看申请进度
        </Button>
      </EmptyState>
    );
  }
  return form();
}
