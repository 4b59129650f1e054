import {
  ErrorCode,
  MallItemStatus,
  MAX_MALL_COST_POINTS,
  MAX_MALL_STOCK,
  MAX_PER_MEMBER_LIMIT,
  type CreateMallItemRequest,
  type MallItemResponse,
  type OrgRef,
  type UpdateMallItemRequest,
} from '@smartunion/contracts';

import { validationErrors } from '../../../components/field-errors';
import { isApiError } from '../../../services/api';

// The mall item form's model: fields as typed, the API DTOs' rules, and what an edit sends.

/** What the form edits, as typed. */
export interface Form {
  /** New items only: the org offering it to its subtree. */
  org: OrgRef | null;
  name: string;
  description: string;
  costPoints: string;
  /** New items only: the opening stock. */
  stock: string;
  /** Existing items only: units to add (or, negative, take off); empty leaves the stock alone. */
  stockDelta: string;
  perMemberLimit: string;
  pickup: string;
  status: MallItemStatus;
}

export type Field =
  'org' | 'name' | 'description' | 'costPoints' | 'stock' | 'stockDelta' | 'perMemberLimit' | 'pickup';
export type Errors = Partial<Record<Field, string>>;

export const MAX_DESCRIPTION = 500;

/** The message of each field, shown when the form or the API finds it invalid. */
const FIELD_MESSAGES: Readonly<Record<Field, string>> = {
  org: '请选择提供商品的组织',
  name: '请填写商品名称（2–60 字）',
  description: `商品介绍最多 ${MAX_DESCRIPTION} 字`,
  costPoints: `请填写兑换所需积分（1–${MAX_MALL_COST_POINTS} 的整数）`,
  stock: `请填写库存数量（0–${MAX_MALL_STOCK} 的整数）`,
  stockDelta: '库存增减须为非零整数，且库存不能减到 0 以下',
  perMemberLimit: `请填写每人限兑数量（1–${MAX_PER_MEMBER_LIMIT} 的整数）`,
  pickup: '请填写领取地点和时间（2–200 字）',
};

const API_FIELDS: Readonly<Record<string, Field>> = {
  orgId: 'org',
  name: 'name',
  description: 'description',
  costPoints: 'costPoints',
  stock: 'stock',
  stockDelta: 'stockDelta',
  perMemberLimit: 'perMemberLimit',
  pickup: 'pickup',
};

export const EMPTY_FORM: Form = {
  org: null,
  name: '',
  description: '',
  costPoints: '',
  stock: '',
  stockDelta: '',
  perMemberLimit: '1',
  pickup: '',
  status: MallItemStatus.Active,
};

export function formOf(item: MallItemResponse): Form {
  return {
    org: item.org,
    name: item.name,
    description: item.description,
    costPoints: String(item.costPoints),
    stock: String(item.stock),
    stockDelta: '',
    perMemberLimit: String(item.perMemberLimit),
    pickup: item.pickup,
    status: item.status,
  };
}

/** An integer typed into a field within [min, max], or null. */
function intIn(text: string, min: number, max: number): number | null {
  const value = text.trim();
  if (!/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** The problems the API would refuse (its DTOs' rules), caught before sending; empty when it may be saved. */
export function validate(form: Form, item: MallItemResponse | null): Errors {
  const errors: Errors = {};
  const name = form.name.trim();
  const pickup = form.pickup.trim();
  if (name.length < 2 || name.length > 60) errors.name = FIELD_MESSAGES.name;
  if (form.description.trim().length > MAX_DESCRIPTION) errors.description = FIELD_MESSAGES.description;
  if (intIn(form.costPoints, 1, MAX_MALL_COST_POINTS) === null) errors.costPoints = FIELD_MESSAGES.costPoints;
  if (intIn(form.perMemberLimit, 1, MAX_PER_MEMBER_LIMIT) === null) {
    errors.perMemberLimit = FIELD_MESSAGES.perMemberLimit;
  }
  if (pickup.length < 2 || pickup.length > 200) errors.pickup = FIELD_MESSAGES.pickup;
  if (item) {
    if (form.stockDelta.trim() !== '') {
      const delta = intIn(form.stockDelta, -item.stock, MAX_MALL_STOCK);
      if (delta === null || delta === 0) {
        errors.stockDelta = `库存增减须为非零整数，最多减少 ${item.stock}（当前库存），最多增加 ${MAX_MALL_STOCK}`;
      }
    }
  } else {
    if (!form.org) errors.org = FIELD_MESSAGES.org;
    if (intIn(form.stock, 0, MAX_MALL_STOCK) === null) errors.stock = FIELD_MESSAGES.stock;
  }
  return errors;
}

/** A new item as the API takes it; call once `validate` found nothing. */
export function createRequestOf(form: Form): CreateMallItemRequest {
  const description = form.description.trim();
  return {
    orgId: form.org?.id ?? '',
    name: form.name.trim(),
    description: description || undefined,
    costPoints: Number(form.costPoints.trim()),
    stock: Number(form.stock.trim()),
    perMemberLimit: Number(form.perMemberLimit.trim()),
    pickup: form.pickup.trim(),
  };
}

/** What changed on an existing item: only those fields are sent. */
export function changesOf(form: Form, item: MallItemResponse): UpdateMallItemRequest {
  const patch: UpdateMallItemRequest = {};
  const name = form.name.trim();
  const description = form.description.trim();
  const pickup = form.pickup.trim();
  const costPoints = Number(form.costPoints.trim());
  const perMemberLimit = Number(form.perMemberLimit.trim());
  if (name !== item.name) patch.name = name;
  if (description !== item.description) patch.description = description;
  if (costPoints !== item.costPoints) patch.costPoints = costPoints;
  if (perMemberLimit !== item.perMemberLimit) patch.perMemberLimit = perMemberLimit;
  if (pickup !== item.pickup) patch.pickup = pickup;
  if (form.status !== item.status) patch.status = form.status;
  if (form.stockDelta.trim() !== '') patch.stockDelta = Number(form.stockDelta.trim());
  return patch;
}

/** The fields an API refusal names (invalid fields, a name taken), or null when it is about something else. */
export function serverErrors(error: unknown): Errors | null {
  if (!isApiError(error)) return null;
  if (error.code === ErrorCode.MallItemNameTaken) return { name: error.message };
  return validationErrors(error, API_FIELDS, (field) => FIELD_MESSAGES[field]);
}
