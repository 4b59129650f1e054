import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  COUPON_KIND_LABELS,
  COUPON_TEMPLATE_STATUSES,
  CouponTemplateStatus,
  DEFAULT_PAGE_SIZE,
  OCCUPATION_LABELS,
  type CouponTemplateListResponse,
  type CouponTemplateResponse,
  type MerchantResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList } from '../../../components/use-page-data';
import { COUPON_TEMPLATE_STATUS_LABELS, getMerchant, listCouponTemplates } from '../../../services/benefits';
import { formatDate } from '../../../services/format';
import { Routes } from '../../../services/routes';

import './index.scss';

interface Filter {
  status: CouponTemplateStatus | null;
  /** From a merchant's page: only its templates. */
  merchant: MerchantResponse | null;
}

/** 优惠券管理: the coupon templates of the caller's scope with their stock, by status (and merchant); add one. */
export default function WorkbenchCouponTemplatesPage(): ReactNode {
  const merchantId = useRouter().params.merchantId ?? '';
  const [status, setStatus] = useState<CouponTemplateStatus | null>(null);
  const [merchant, setMerchant] = useState<MerchantResponse | null | undefined>(undefined);
  // The merchant filter, once dropped, stays dropped.
  const [allMerchants, setAllMerchants] = useState(false);

  // Also reloads on the way back from an edit, which may have changed a template.
  const page = usePagedList(
    async () => {
      // The merchant named by the route is read once; undefined: not yet.
      const m = allMerchants
        ? null
        : merchant !== undefined
          ? merchant
          : merchantId
            ? await getMerchant(merchantId)
            : null;
      setMerchant(m);
      const filter: Filter = { status, merchant: m };
      return { list: await templatesPage(filter, 1), filter };
    },
    (ready, n) => templatesPage(ready.filter, n),
    { login: true, deps: [status, allMerchants] },
  );
  const choose = setStatus;

  const newUrl = merchant
    ? `${Routes.WorkbenchCouponTemplateEdit}?merchantId=${merchant.id}`
    : Routes.WorkbenchCouponTemplateEdit;
  return (
    <View className="page wb-templates">
      <View className="wb-templates-filters">
        <Chip
          className="wb-templates-filter wb-templates-filter--all"
          active={status === null}
          label="全部"
          onClick={() => choose(null)}
        />
        {COUPON_TEMPLATE_STATUSES.map((s) => (
          <Chip
            key={s}
            className={`wb-templates-filter wb-templates-filter--${s}`}
            active={status === s}
            label={COUPON_TEMPLATE_STATUS_LABELS[s]}
            onClick={() => choose(s)}
          />
        ))}
        {merchant && (
          <Chip
            className="wb-templates-filter wb-templates-filter--merchant"
            active
            label={`${merchant.name} ✕`}
            onClick={() => setAllMerchants(true)}
          />
        )}
      </View>
      <PageBody page={page} failedClassName="wb-templates-failed">
        {(state) => (
          <View>
            <View className="wb-templates-toolbar">
              <View className="wb-templates-total">
                {state.filter.merchant ? `${state.filter.merchant.name}的优惠券` : '管理范围内的优惠券'}（
                {state.list.total}）
              </View>
              <Button
                className="wb-templates-create"
                type="primary"
                size="small"
                onClick={() => void Taro.navigateTo({ url: newUrl })}
              >
                新建优惠券
              </Button>
            </View>
            {state.list.items.length === 0 ? (
              <EmptyState
                className="wb-templates-empty"
                title="没有优惠券"
                description="点击「新建优惠券」为合作商户发放优惠券"
              />
            ) : (
              state.list.items.map((t) => <TemplateItem key={t.id} template={t} />)
            )}
            <ListFooter more={page.more} />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function templatesPage(filter: Filter, page: number): Promise<CouponTemplateListResponse> {
  return listCouponTemplates({
    status: filter.status ?? undefined,
    merchantId: filter.merchant?.id,
    page,
    pageSize: DEFAULT_PAGE_SIZE,
  });
}

function TemplateItem({ template }: { template: CouponTemplateResponse }): ReactNode {
  const audience = [
    ...template.occupations.map((o) => OCCUPATION_LABELS[o]),
    ...(template.verifiedOnly ? ['实名会员'] : []),
  ];
  return (
    <View
      className={`su-card wb-templates-item wb-templates-item--${template.status}`}
      data-template-id={template.id}
      onClick={() => void Taro.navigateTo({ url: `${Routes.WorkbenchCouponTemplateEdit}?id=${template.id}` })}
    >
      <View className="wb-templates-item-head">
        <View className="su-card-title wb-templates-item-title">{template.title}</View>
        <View className={`wb-templates-item-status wb-templates-item-status--${template.status}`}>
          {COUPON_TEMPLATE_STATUS_LABELS[template.status]}
        </View>
      </View>
      <View className="wb-templates-item-value">
        <View className="wb-templates-item-label">{template.valueLabel}</View>
        <View className="wb-templates-item-kind">{COUPON_KIND_LABELS[template.kind]}</View>
      </View>
      <View className="su-card-line wb-templates-item-merchant">
        {template.merchant.name} · 面向 {template.org.name}
      </View>
      <View className="su-card-line wb-templates-item-stock">
        已领 {template.issued} · 秒杀预留 {template.reserved} · 总量 {template.totalStock}（剩余{' '}
        {template.remaining}）
      </View>
      <View className="su-card-line wb-templates-item-window">
        <Nowrap>{formatDate(template.validFrom)}</Nowrap> 至 <Nowrap>{formatDate(template.validTo)}</Nowrap>
        {template.validDaysAfterClaim ? ` · 领取后 ${template.validDaysAfterClaim} 天内有效` : ''} · 每人限领{' '}
        <Nowrap>{template.perMemberLimit} 张</Nowrap>
      </View>
      <View className="su-card-line wb-templates-item-audience">
        {audience.length > 0 ? `${audience.join(' · ')}专享` : '全部会员'}
        {template.claimable ? '' : ' · 仅通过秒杀和福利活动发放'}
      </View>
    </View>
  );
}
