import {
  addDays,
  businessDay,
  businessInstant,
  CouponKind,
  couponValueLabel,
  type CouponTemplateResponse,
  type CreateCouponTemplateRequest,
  isBusinessDay,
  MAX_COUPON_PER_MEMBER_LIMIT,
  MAX_COUPON_STOCK,
  MAX_VALID_DAYS_AFTER_CLAIM,
  type Occupation,
  type OrgRef,
  type UpdateCouponTemplateRequest,
} from '@smartunion/contracts';

import { validationErrors } from '../../../components/field-errors';
import { formatDate } from '../../../services/format';

// The coupon template form's model: fields as typed, the API DTOs' and service's rules, and what is sent.

/** ¥10,000: the API's ceiling of a coupon's value (and ten times that of a minimum spend). */
const MAX_AMOUNT_CENTS = 1_000_000;
const MAX_MIN_SPEND_CENTS = MAX_AMOUNT_CENTS * 10;
export const MAX_DESCRIPTION = 500;

/** The merchant a new template is for, as the picker knows it. */
export interface MerchantChoice {
  id: string;
  name: string;
  org: OrgRef;
}

/** What the form edits, as typed. Money in yuan, discounts in 折, dates as China-time days. */
export interface TemplateForm {
  /** New templates only: the merchant, the audience org, the kind and its value. */
  merchant: MerchantChoice | null;
  org: OrgRef | null;
  kind: CouponKind;
  amountYuan: string;
  discountZhe: string;
  itemName: string;
  minSpendYuan: string;
  title: string;
  description: string;
  validFrom: string;
  validTo: string;
  validDays: string;
  perMemberLimit: string;
  /** New templates only: existing ones raise their stock on its own. */
  totalStock: string;
  occupations: Occupation[];
  verifiedOnly: boolean;
  claimable: boolean;
}

export type Field =
  | 'merchant'
  | 'org'
  | 'amount'
  | 'discount'
  | 'itemName'
  | 'minSpend'
  | 'title'
  | 'description'
  | 'validFrom'
  | 'validTo'
  | 'validDays'
  | 'perMemberLimit'
  | 'totalStock'
  | 'occupations';
export type Errors = Partial<Record<Field, string>>;

const MESSAGES: Readonly<Record<Field, string>> = {
  merchant: '请选择发券的商户',
  org: '请选择面向的工会组织',
  amount: '请填写减免金额（0.01–10000 元）',
  discount: '请填写折扣（0.1–9.9 折，最多一位小数）',
  itemName: '请填写兑换的物品（1–60 字）',
  minSpend: '使用门槛为 0–100000 元，不填即无门槛',
  title: '请填写优惠券名称（2–60 字）',
  description: `使用说明最多 ${MAX_DESCRIPTION} 字`,
  validFrom: '请选择开始日期',
  validTo: '请选择结束日期，且不早于今天',
  validDays: `领取后有效天数为 1–${MAX_VALID_DAYS_AFTER_CLAIM} 的整数，不填即按有效期`,
  perMemberLimit: `每人限领 1–${MAX_COUPON_PER_MEMBER_LIMIT} 张`,
  totalStock: `请填写发放总量（1–${MAX_COUPON_STOCK} 的整数）`,
  occupations: '请重新选择面向的职业',
};

const API_FIELDS: Readonly<Record<string, Field>> = {
  merchantId: 'merchant',
  orgId: 'org',
  amountOffCents: 'amount',
  discountPercent: 'discount',
  itemName: 'itemName',
  minSpendCents: 'minSpend',
  title: 'title',
  description: 'description',
  validFrom: 'validFrom',
  validTo: 'validTo',
  validDaysAfterClaim: 'validDays',
  perMemberLimit: 'perMemberLimit',
  totalStock: 'totalStock',
  occupations: 'occupations',
};

// ---------------------------------------------------------------------------------------------- parsing

/** The first instant of a China-time day, or null if `day` is no date. */
function dayStart(day: string): string | null {
  const d = day.trim();
  return isBusinessDay(d) ? businessInstant(d) : null;
}

/** The last second of a China-time day (use runs inside [validFrom, validTo)), or null. */
function dayEnd(day: string): string | null {
  return dayStart(day) ? businessInstant(day.trim(), '23:59:59') : null;
}

/** Yuan with at most two decimals to fen within [min, max], or null. */
function centsOf(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const cents = Math.round(Number(t) * 100);
  return cents >= min && cents <= max ? cents : null;
}

/** 8.5 (折) to 85 (percent paid), 0.1–9.9 with one decimal, or null. */
function percentOf(text: string): number | null {
  const t = text.trim();
  if (!/^\d(\.\d)?$/.test(t)) return null;
  const percent = Math.round(Number(t) * 10);
  return percent >= 1 && percent <= 99 ? percent : null;
}

function intIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

const yuan = (cents: number): string => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));

// ---------------------------------------------------------------------------------------------- forms

export function emptyForm(now: number = Date.now()): TemplateForm {
  const from = businessDay(now);
  return {
    merchant: null,
    org: null,
    kind: CouponKind.AmountOff,
    amountYuan: '',
    discountZhe: '',
    itemName: '',
    minSpendYuan: '',
    title: '',
    description: '',
    validFrom: from,
    validTo: addDays(from, 30),
    validDays: '',
    perMemberLimit: '1',
    totalStock: '',
    occupations: [],
    verifiedOnly: false,
    claimable: true,
  };
}

export function formOf(t: CouponTemplateResponse): TemplateForm {
  return {
    merchant: null,
    org: t.org,
    kind: t.kind,
    amountYuan: t.amountOffCents !== null ? yuan(t.amountOffCents) : '',
    discountZhe: t.discountPercent !== null ? String(t.discountPercent / 10) : '',
    itemName: t.itemName ?? '',
    minSpendYuan: t.minSpendCents > 0 ? yuan(t.minSpendCents) : '',
    title: t.title,
    description: t.description,
    validFrom: formatDate(t.validFrom),
    validTo: formatDate(t.validTo),
    validDays: t.validDaysAfterClaim !== null ? String(t.validDaysAfterClaim) : '',
    perMemberLimit: String(t.perMemberLimit),
    totalStock: String(t.totalStock),
    occupations: [...t.occupations],
    verifiedOnly: t.verifiedOnly,
    claimable: t.claimable,
  };
}

/** The value fields of a new template as the API takes them, when they parse. */
function valueOf(
  form: TemplateForm,
): Pick<
  CreateCouponTemplateRequest,
  'kind' | 'amountOffCents' | 'discountPercent' | 'itemName' | 'minSpendCents'
> {
  const minSpendCents =
    form.kind === CouponKind.FreeItem ? 0 : (centsOf(form.minSpendYuan || '0', 0, MAX_MIN_SPEND_CENTS) ?? 0);
  switch (form.kind) {
    case CouponKind.AmountOff:
      return {
        kind: form.kind,
        amountOffCents: centsOf(form.amountYuan, 1, MAX_AMOUNT_CENTS) ?? 0,
        minSpendCents,
      };
    case CouponKind.Discount:
      return { kind: form.kind, discountPercent: percentOf(form.discountZhe) ?? 100, minSpendCents };
    case CouponKind.FreeItem:
      return { kind: form.kind, itemName: form.itemName.trim(), minSpendCents };
  }
}

/** What the coupon will read as (满50减10, 8.5折, 免费兑换 洗车一次), or null while the value is incomplete. */
export function previewOf(form: TemplateForm): string | null {
  const v = valueOf(form);
  const complete =
    (v.kind === CouponKind.AmountOff && (v.amountOffCents ?? 0) > 0) ||
    (v.kind === CouponKind.Discount && (v.discountPercent ?? 100) < 100) ||
    (v.kind === CouponKind.FreeItem && (v.itemName ?? '') !== '');
  if (!complete) return null;
  return couponValueLabel({
    kind: v.kind,
    amountOffCents: v.amountOffCents ?? null,
    discountPercent: v.discountPercent ?? null,
    itemName: v.itemName ?? null,
    minSpendCents: v.minSpendCents ?? 0,
  });
}

/**
 * The problems the API would refuse (its DTOs' and service's rules), caught before sending; empty when the
 * form may be saved. `template` is the one edited, null for a new one.
 */
export function validate(
  form: TemplateForm,
  template: CouponTemplateResponse | null,
  now: number = Date.now(),
): Errors {
  const errors: Errors = {};
  const title = form.title.trim();
  if (title.length < 2 || title.length > 60) errors.title = MESSAGES.title;
  if (form.description.trim().length > MAX_DESCRIPTION) errors.description = MESSAGES.description;

  if (!template) {
    if (!form.merchant) errors.merchant = MESSAGES.merchant;
    if (!form.org) errors.org = MESSAGES.org;
    const minSpend =
      form.kind === CouponKind.FreeItem || form.minSpendYuan.trim() === ''
        ? 0
        : centsOf(form.minSpendYuan, 0, MAX_MIN_SPEND_CENTS);
    if (minSpend === null) errors.minSpend = MESSAGES.minSpend;
    if (form.kind === CouponKind.AmountOff) {
      const amount = centsOf(form.amountYuan, 1, MAX_AMOUNT_CENTS);
      if (amount === null) errors.amount = MESSAGES.amount;
      else if (minSpend !== null && minSpend > 0 && amount > minSpend) {
        errors.amount = '减免金额不能超过使用门槛';
      }
    }
    if (form.kind === CouponKind.Discount && percentOf(form.discountZhe) === null) {
      errors.discount = MESSAGES.discount;
    }
    if (form.kind === CouponKind.FreeItem) {
      const item = form.itemName.trim();
      if (item.length < 1 || item.length > 60) errors.itemName = MESSAGES.itemName;
    }
    if (intIn(form.totalStock, 1, MAX_COUPON_STOCK) === null) errors.totalStock = MESSAGES.totalStock;
  }

  const from = dayStart(form.validFrom);
  const to = dayEnd(form.validTo);
  if (!from) errors.validFrom = MESSAGES.validFrom;
  const toChanged = !template || form.validTo.trim() !== formatDate(template.validTo);
  if (!to || (toChanged && Date.parse(to) <= now)) errors.validTo = MESSAGES.validTo;
  else if (from && Date.parse(to) <= Date.parse(from)) errors.validTo = '结束日期不能早于开始日期';

  if (form.validDays.trim() !== '' && intIn(form.validDays, 1, MAX_VALID_DAYS_AFTER_CLAIM) === null) {
    errors.validDays = MESSAGES.validDays;
  }
  if (intIn(form.perMemberLimit, 1, MAX_COUPON_PER_MEMBER_LIMIT) === null) {
    errors.perMemberLimit = MESSAGES.perMemberLimit;
  }
  return errors;
}

/** A new template as the API takes it; call once `validate` found nothing. */
export function createRequestOf(form: TemplateForm): CreateCouponTemplateRequest {
  const description = form.description.trim();
  return {
    merchantId: form.merchant?.id ?? '',
    orgId: form.org?.id ?? '',
    title: form.title.trim(),
    description: description || undefined,
    ...valueOf(form),
    validFrom: dayStart(form.validFrom) ?? '',
    validTo: dayEnd(form.validTo) ?? '',
    validDaysAfterClaim: form.validDays.trim() === '' ? null : Number(form.validDays.trim()),
    perMemberLimit: Number(form.perMemberLimit.trim()),
    totalStock: Number(form.totalStock.trim()),
    occupations: form.occupations,
    verifiedOnly: form.verifiedOnly,
    claimable: form.claimable,
  };
}

/** What changed on an existing template's terms: only those fields are sent. */
export function changesOf(form: TemplateForm, t: CouponTemplateResponse): UpdateCouponTemplateRequest {
  const patch: UpdateCouponTemplateRequest = {};
  const title = form.title.trim();
  const description = form.description.trim();
  const days = form.validDays.trim() === '' ? null : Number(form.validDays.trim());
  const limit = Number(form.perMemberLimit.trim());
  if (title !== t.title) patch.title = title;
  if (description !== t.description) patch.description = description;
  // A day left as it was keeps its exact instant (a seeded template may start mid-day).
  if (form.validFrom.trim() !== formatDate(t.validFrom))
    patch.validFrom = dayStart(form.validFrom) ?? undefined;
  if (form.validTo.trim() !== formatDate(t.validTo)) patch.validTo = dayEnd(form.validTo) ?? undefined;
  if (days !== t.validDaysAfterClaim) patch.validDaysAfterClaim = days;
  if (limit !== t.perMemberLimit) patch.perMemberLimit = limit;
  const sameAudience =
    form.occupations.length === t.occupations.length &&
    form.occupations.every((o) => t.occupations.includes(o));
  if (!sameAudience) patch.occupations = form.occupations;
  if (form.verifiedOnly !== t.verifiedOnly) patch.verifiedOnly = form.verifiedOnly;
  if (form.claimable !== t.claimable) patch.claimable = form.claimable;
  return patch;
}

/** The new total after adding `text` coupons to the stock, or what to say about it. */
export function raisedStock(
  text: string,
  t: CouponTemplateResponse,
): { add: number; total: number } | { problem: string } {
  const room = MAX_COUPON_STOCK - t.totalStock;
  const add = intIn(text, 1, Math.max(room, 0));
  if (add === null) {
    return {
      problem: room > 0 ? `增加数量须为 1–${room} 的整数` : `发放总量已达上限 ${MAX_COUPON_STOCK}`,
    };
  }
  return { add, total: t.totalStock + add };
}

/** The fields an API refusal names (VALIDATION_FAILED details), or null when it is about something else. */
export function serverErrors(error: unknown): Errors | null {
  return validationErrors(error, API_FIELDS, (field, detail) => {
    const reasons = detail.reasons.join(' ');
    if (field === 'amount' && reasons.includes('minSpendCents')) return '减免金额不能超过使用门槛';
    if (field === 'validTo' && reasons.includes('after validFrom')) return '结束日期不能早于开始日期';
    return MESSAGES[field];
  });
}
