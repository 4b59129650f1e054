import { DEMO_USER_KEYS, ROLE_LABELS, Role } from '@smartunion/contracts';

import type { DemoUserKey } from '../../../services/auth';

export interface DemoAccount {
  key: DemoUserKey;
  /** The role the account holds, or `worker` for the rider who has not joined a union yet. */
  tag: Role | 'worker';
  label: string;
}

/** The seed's demo users, one per role, labelled with the role they hold; then a worker to try 扫码入会 with. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...(
    [
      [DEMO_USER_KEYS.member, Role.Member],
      [DEMO_USER_KEYS.cadre, Role.Cadre],
      [DEMO_USER_KEYS.stationMaster, Role.StationMaster],
      [DEMO_USER_KEYS.countyStaff, Role.CountyStaff],
      [DEMO_USER_KEYS.cityStaff, Role.CityStaff],
      [DEMO_USER_KEYS.provinceStaff, Role.ProvinceStaff],
      [DEMO_USER_KEYS.merchant, Role.Merchant],
    ] as const
  ).map(([key, role]): DemoAccount => ({ key, tag: role, label: ROLE_LABELS[role] })),
  { key: DEMO_USER_KEYS.worker, tag: 'worker', label: '未入会职工' },
];
