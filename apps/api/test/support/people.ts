import { idNumberCheckChar } from '@smartunion/contracts';

let counter = 0;

/**
 * A synthetic but valid 18-digit ID number (GB 11643 check character), unique within the test process: the
 * sequence digits and birth day vary with a counter and the process id. `sequence` 999 makes the local
 * verifier answer "mismatch".
 */
export function syntheticIdNumber(
  options: { area?: string; birth?: string; sequence?: string } = {},
): string {
  counter += 1;
  const n = (process.pid * 7919 + counter) % 1_000_000;
  const birth =
    options.birth ??
    `19${String(60 + (n % 40))}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + ((n >> 4) % 28)).padStart(2, '0')}`;
  const sequence = options.sequence ?? String(n % 999).padStart(3, '0');
  const first17 = `${options.area ?? '140105'}${birth}${sequence}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}
