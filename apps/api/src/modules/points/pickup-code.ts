import { randomInt } from 'node:crypto';

import { toDataURL } from 'qrcode';

/** A random 8-digit pickup code (提货码); unique among open orders, drawn again on the rare clash. */
export function drawPickupCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** The code as the member shows it: a QR the workbench scans, readable digits beside it. */
export function pickupQr(code: string): Promise<string> {
  return toDataURL(code, { errorCorrectionLevel: 'M', margin: 1, width: 280 });
}

/** What staff lists show of a code: enough to tell orders apart, not enough to hand one over. */
export function maskPickupCode(code: string): string {
  return `******${code.slice(-2)}`;
}
