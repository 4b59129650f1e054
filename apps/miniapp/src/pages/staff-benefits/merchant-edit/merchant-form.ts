import {
  CREDIT_CODE_PROBLEM_LABELS,
  type CreateMerchantRequest,
  ErrorCode,
  type FieldError as ApiFieldError,
  type MerchantResponse,
  type OrgRef,
  parseCreditCode,
  type StoreResponse,
  type UpdateMerchantRequest,
  type UpdateStoreRequest,
} from '@smartunion/contracts';

import { validationErrors } from '../../../components/field-errors';
import { isApiError } from '../../../services/api';

// The merchant and store forms' models: fields as typed, the API DTOs' rules, and what an edit sends.

/** Mobile (13812345678) or landline with area code (0351-1234567), as the API and the merchants table check. */
export const PHONE_PATTERN = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

const PHONE_MESSAGE = '请填写手机号或带区号的固定电话，如 13812345678 或 0351-1234567';

/** A UUID: what the API takes as a user id. */
const USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------- merchant

export interface MerchantForm {
  /** New merchants only: the org that signs it up and manages it. */
  org: OrgRef | null;
  name: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
}

export type MerchantField = 'org' | 'name' | 'creditCode' | 'contactName' | 'contactPhone';
export type MerchantErrors = Partial<Record<MerchantField, string>>;

const MERCHANT_MESSAGES: Readonly<Record<MerchantField, string>> = {
  org: '请选择管理该商户的工会组织',
  name: '请填写商户名称（2–100 字）',
  creditCode: CREDIT_CODE_PROBLEM_LABELS.format,
  contactName: '请填写联系人姓名（1–30 字）',
  contactPhone: PHONE_MESSAGE,
};

const MERCHANT_API_FIELDS: Readonly<Record<string, MerchantField>> = {
  orgId: 'org',
  name: 'name',
  creditCode: 'creditCode',
  contactName: 'contactName',
  contactPhone: 'contactPhone',
};

export const EMPTY_MERCHANT: MerchantForm = {
  org: null,
  name: '',
  creditCode: '',
  contactName: '',
  contactPhone: '',
};

export function merchantFormOf(m: MerchantResponse): MerchantForm {
  return {
    org: m.org,
    name: m.name,
    creditCode: m.creditCode ?? '',
    contactName: m.contactName,
    contactPhone: m.contactPhone,
  };
}

/** The problems the API would refuse (its DTOs' rules), caught before sending; empty when it may be saved. */
export function validateMerchant(form: MerchantForm, creating: boolean): MerchantErrors {
  const errors: MerchantErrors = {};
  const name = form.name.trim();
  const contactName = form.contactName.trim();
  if (creating && !form.org) errors.org = MERCHANT_MESSAGES.org;
  if (name.length < 2 || name.length > 100) errors.name = MERCHANT_MESSAGES.name;
  if (form.creditCode.trim() !== '') {
    const credit = parseCreditCode(form.creditCode);
    if (!credit.ok) errors.creditCode = CREDIT_CODE_PROBLEM_LABELS[credit.problem];
  }
  if (contactName.length < 1 || contactName.length > 30) errors.contactName = MERCHANT_MESSAGES.contactName;
  if (!PHONE_PATTERN.test(form.contactPhone.trim())) errors.contactPhone = MERCHANT_MESSAGES.contactPhone;
  return errors;
}

/** A new merchant as the API takes it; call once `validateMerchant` found nothing. */
export function merchantCreateRequest(form: MerchantForm): CreateMerchantRequest {
  const creditCode = form.creditCode.trim().toUpperCase();
  return {
    orgId: form.org?.id ?? '',
    name: form.name.trim(),
    creditCode: creditCode || undefined,
    contactName: form.contactName.trim(),
    contactPhone: form.contactPhone.trim(),
  };
}

/** What changed on an existing merchant: only those fields are sent. */
export function merchantChanges(form: MerchantForm, m: MerchantResponse): UpdateMerchantRequest {
  const patch: UpdateMerchantRequest = {};
  const name = form.name.trim();
  const creditCode = form.creditCode.trim().toUpperCase();
  const contactName = form.contactName.trim();
  const contactPhone = form.contactPhone.trim();
  if (name !== m.name) patch.name = name;
  // The API keeps a credit code once given: clearing the field leaves it as it was.
  if (creditCode !== '' && creditCode !== m.creditCode) patch.creditCode = creditCode;
  if (contactName !== m.contactName) patch.contactName = contactName;
  if (contactPhone !== m.contactPhone) patch.contactPhone = contactPhone;
  return patch;
}

/** The fields an API refusal names (invalid fields, a name taken), or null when it is about something else. */
export function merchantServerErrors(error: unknown): MerchantErrors | null {
  return fieldErrorsOf(error, MERCHANT_API_FIELDS, MERCHANT_MESSAGES, '该组织已有同名商户');
}

// ---------------------------------------------------------------------------------------------- store

export interface StoreForm {
  name: string;
  address: string;
  phone: string;
  /** GCJ-02, as typed (H5) or as the mini-program's map picker answered. */
  lat: string;
  lng: string;
}

export type StoreField = 'name' | 'address' | 'phone' | 'location';
export type StoreErrors = Partial<Record<StoreField, string>>;

const STORE_MESSAGES: Readonly<Record<StoreField, string>> = {
  name: '请填写门店名称（2–100 字）',
  address: '请填写门店地址（2–200 字）',
  phone: PHONE_MESSAGE,
  location: '请填写有效的纬度和经度（GCJ-02，如 37.8205 与 112.5642）',
};

const STORE_API_FIELDS: Readonly<Record<string, StoreField>> = {
  name: 'name',
  address: 'address',
  phone: 'phone',
  location: 'location',
  'location.lat': 'location',
  'location.lng': 'location',
};

export const EMPTY_STORE: StoreForm = { name: '', address: '', phone: '', lat: '', lng: '' };

export function storeFormOf(s: StoreResponse): StoreForm {
  return {
    name: s.name,
    address: s.address,
    phone: s.phone ?? '',
    lat: String(s.location.lat),
    lng: String(s.location.lng),
  };
}

/** The typed coordinates, or null when they are not a point on Earth. */
export function pointOf(form: StoreForm): { lat: number; lng: number } | null {
  if (form.lat.trim() === '' || form.lng.trim() === '') return null;
  const lat = Number(form.lat);
  const lng = Number(form.lng);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    return null;
  }
  return { lat, lng };
}

export function validateStore(form: StoreForm): StoreErrors {
  const errors: StoreErrors = {};
  const name = form.name.trim();
  const address = form.address.trim();
  if (name.length < 2 || name.length > 100) errors.name = STORE_MESSAGES.name;
  if (address.length < 2 || address.length > 200) errors.address = STORE_MESSAGES.address;
  if (form.phone.trim() !== '' && !PHONE_PATTERN.test(form.phone.trim())) errors.phone = STORE_MESSAGES.phone;
  if (!pointOf(form)) errors.location = STORE_MESSAGES.location;
  return errors;
}

/** What changed on an existing store: only those fields are sent (a location in GCJ-02). */
export function storeChanges(form: StoreForm, s: StoreResponse): UpdateStoreRequest {
  const patch: UpdateStoreRequest = {};
  const name = form.name.trim();
  const address = form.address.trim();
  const phone = form.phone.trim();
  const point = pointOf(form);
  if (name !== s.name) patch.name = name;
  if (address !== s.address) patch.address = address;
  // The API keeps a phone once given: clearing the field leaves it as it was.
  if (phone !== '' && phone !== s.phone) patch.phone = phone;
  if (point && (point.lat !== s.location.lat || point.lng !== s.location.lng)) {
    patch.location = point;
    patch.coord = 'gcj02';
  }
  return patch;
}

export function storeServerErrors(error: unknown): StoreErrors | null {
  return fieldErrorsOf(error, STORE_API_FIELDS, STORE_MESSAGES, '该商户已有同名门店');
}

// ---------------------------------------------------------------------------------------------- accounts

/** null when `text` is a user id the API would take, else what to say. */
export function userIdProblem(text: string): string | null {
  return USER_ID_PATTERN.test(text.trim()) ? null : '请填写核销人员的账号 ID（36 位，形如 1b4e28ba-2fa1-…）';
}

// ---------------------------------------------------------------------------------------------- shared

/**
 * The form fields a refusal is about: VALIDATION_FAILED names them in `details`; a CONFLICT with a `name`
 * detail is a name taken already (the API's messages are English, for developers: ours are shown).
 */
function fieldErrorsOf<F extends string>(
  error: unknown,
  apiFields: Readonly<Record<string, F>>,
  messages: Readonly<Record<F, string>>,
  nameTaken: string,
): Partial<Record<F, string>> | null {
  if (isNameTaken(error)) {
    const field = apiFields.name;
    return field ? ({ [field]: nameTaken } as Partial<Record<F, string>>) : null;
  }
  return validationErrors(error, apiFields, (field) => messages[field]);
}

/** True when the refusal is a name taken already (a CONFLICT naming the `name` field). */
export function isNameTaken(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.code === ErrorCode.Conflict &&
    Array.isArray(error.details) &&
    (error.details as ApiFieldError[]).some((d) => d.field === 'name')
  );
}
