/**
 * Counter codes (核销码): the short number shown beside a coupon's write-off QR and a welfare share's pick-up
 * QR, for a cashier to type when there is no camera. It stands for the QR's token and lives exactly as long.
 */

/** A counter code as typed: 8 digits (spaces are ignored, see {@link counterCodeOf}). */
export const COUNTER_CODE_PATTERN = /^\d{8}$/;

/** The 8 digits of what a desk typed ("4821 0937", "48210937"), or null if it is not a counter code. */
export function counterCodeOf(text: string): string | null {
  const digits = text.replace(/\s+/g, '');
  return COUNTER_CODE_PATTERN.test(digits) ? digits : null;
}

/** The code as the member shows it, grouped for reading aloud: "4821 0937". */
export function formatCounterCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}
