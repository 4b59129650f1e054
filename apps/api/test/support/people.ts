import { randomInt } from 'node:crypto';

import { idNumberCheckChar } from '@smartunion/contracts';

const issued = new Set<string>();

/**
 * A synthetic but valid 18-digit ID number (GB 11643 check character). Test files share one database and run
 * in parallel processes, so birth day and sequence are random (~14 million combinations per area) rather than
 * counted; within a process they never repeat. `sequence` 999 makes the local verifier answer "mismatch"; it
 * is never drawn otherwise.
 */
export function syntheticIdNumber(
  options: { area?: string; birth?: string; sequence?: string } = {},
): string {
  for (;;) {
    const day = new Date(Date.UTC(1960, 0, 1) + randomInt(0, 40 * 365) * 86_400_000);
    const birth = options.birth ?? day.toISOString().slice(0, 10).replace(/-/g, '');
    const sequence = options.sequence ?? String(randomInt(0, 999)).padStart(3, '0');
    const first17 = `${options.area ?? '140105'}${birth}${sequence}`;
    const id = `${first17}${idNumberCheckChar(first17)}`;
    // With birth and sequence both fixed there is nothing to vary: the caller asked for this exact number.
    if (!issued.has(id) || (options.birth && options.sequence)) {
      issued.add(id);
      return id;
    }
  }
}
