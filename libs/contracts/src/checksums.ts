/**
 * Checks of Chinese identifiers, shared by the API (authoritative) and the mini-program (early feedback):
 * resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015). Pure functions.
 */

import { businessDay } from './calendar';

/** Province-level prefixes of GB/T 2260 that resident ID numbers start with. */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]); // prettier-ignore

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'format' | 'region' | 'birthDate' | 'checksum';

export interface IdNumberInfo {
  /** Upper-cased, the form we store and compare. */
  normalized: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  gender: 'male' | 'female';
  /** The six-digit GB/T 2260 area of registration. */
  areaCode: string;
}

/** The GB 11643 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses an 18-digit resident ID number: shape, province prefix, a real birth date not in the future (and not
 * before 1900), and the check character. `today` (the business day, YYYY-MM-DD) is injectable for tests.
 */
export function parseIdNumber(
  raw: string,
  today: string = businessDay(),
): { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return { ok: false, problem: 'region' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > today) return { ok: false, problem: 'birthDate' };
  if (idNumberCheckChar(value) !== value[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    info: {
      normalized: value,
      birthDate,
      gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
      areaCode: value.slice(0, 6),
    },
  };
}

export const ID_NUMBER_PROBLEM_LABELS: Readonly<Record<IdNumberProblem, string>> = {
  format: '身份证号应为18位，最后一位可为X',
  region: '身份证号的地区码不正确',
  birthDate: '身份证号中的出生日期不正确',
  checksum: '身份证号校验位不正确，请核对',
};

/** `1401**********123X`: the first four and last four characters, never more. */
export function maskIdNumber(idNumber: string): string {
  const v = idNumber.trim().toUpperCase();
  if (v.length < 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** `138****5678`. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '*'.repeat(mobile.length);
}

/** `王*`, `欧阳**`: the family name (first character) only. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

// GB 32100-2015: 31 characters (no I, O, S, V, Z), position weights 3^i mod 31.
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'format' | 'checksum';

/** The GB 32100 check character of the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** Checks an 18-character unified social credit code: alphabet, area digits and the check character. */
export function parseCreditCode(
  raw: string,
): { ok: true; normalized: string; areaCode: string } | { ok: false; problem: CreditCodeProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return { ok: false, problem: 'format' };
  }
  if (creditCodeCheckChar(value) !== value[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, normalized: value, areaCode: value.slice(2, 8) };
}

export const CREDIT_CODE_PROBLEM_LABELS: Readonly<Record<CreditCodeProblem, string>> = {
  format: '统一社会信用代码应为18位数字或大写字母',
  checksum: '统一社会信用代码校验位不正确，请核对',
};

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
