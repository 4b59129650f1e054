import { dropStatus } from './flash.mapper';
import type { DropRow } from './flash-drops.repository';
import { FlashKeys } from './flash-keys';
import { parseGrant } from './flash-persist.service';

const COUPON = '0b6f3c1e-2d4a-4f5b-9c8d-7e6f5a4b3c2d';
const USER = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

describe('flash drops', () => {
  it('keeps every key of a drop under its hash tag, also behind the client prefix', () => {
    const keys = new FlashKeys('42');
    const all = [
      keys.meta,
      keys.stock,
      keys.audience,
      keys.audienceNext('run'),
      keys.users,
      keys.usersNext('run'),
      keys.grants,
      keys.persisted,
      keys.idempotency(USER, COUPON),
      keys.memberRate(USER),
      keys.ipRate('::ffff:127.0.0.1'),
    ];
    for (const key of all) {
      const prefixed = `su:${key}`;
      // Redis hashes the text between the first { and the next }.
      expect(prefixed.slice(prefixed.indexOf('{') + 1, prefixed.indexOf('}'))).toBe('sale:42');
    }
  });

  it('reads grants of the log and refuses anything else', () => {
    expect(parseGrant(`${COUPON}|${USER}|2|17|1764576000000`)).toEqual({
      couponId: COUPON,
      userId: USER,
      seq: 2,
      slot: 17,
      grantedAtMs: 1764576000000,
    });
    for (const bad of [
      '',
      'garbage',
      `${COUPON}|${USER}|0|17|1`,
      `${COUPON}|${USER}|1|0|1`,
      `${COUPON}|${USER}|1.5|3|1`,
      `${COUPON}|not-a-user|1|3|1`,
      `${COUPON}|${USER}|1|3|later`,
    ]) {
      expect(parseGrant(bad)).toBeNull();
    }
  });

  it('says what a drop looks like from its window, its stock and its stored status', () => {
    const at = (ms: number): Date => new Date(1_000_000 + ms);
    const drop = { status: 'scheduled', startsAt: at(0), endsAt: at(1000) } as DropRow;
    expect(dropStatus(drop, 5, 1_000_000 - 1)).toBe('upcoming');
    expect(dropStatus(drop, 5, 1_000_000)).toBe('live');
    expect(dropStatus(drop, 0, 1_000_500)).toBe('sold_out');
    expect(dropStatus(drop, 5, 1_001_000)).toBe('ended');
    expect(dropStatus({ ...drop, status: 'reconciled' }, 3, 1_000_500)).toBe('ended');
    expect(dropStatus({ ...drop, status: 'cancelled' }, 5, 0)).toBe('cancelled');
  });
});
