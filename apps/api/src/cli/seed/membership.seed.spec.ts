import { parseIdNumber } from '@smartunion/contracts';

import { seedIdNumber } from './membership.seed';

describe('seedIdNumber', () => {
  it('is a valid ID number whose gender digit says what the name does', () => {
    for (const gender of ['male', 'female'] as const) {
      for (const index of [0, 1, 7, 499, 600, 604]) {
        const parsed = parseIdNumber(seedIdNumber('140105', index, gender), '2026-12-01');
        expect(parsed).toMatchObject({ ok: true, info: { gender, areaCode: '140105' } });
      }
    }
  });

  it('never gives two people the same number', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 700; index += 1) {
      for (const gender of ['male', 'female'] as const) seen.add(seedIdNumber('140105', index, gender));
    }
    expect(seen.size).toBe(1400);
  });
});
