/** A role is always held over one organisation's subtree (its scope). */
export const Role = {
  Member: 'member',
  Cadre: 'cadre',
  StationMaster: 'station_master',
  CountyStaff: 'county_staff',
  CityStaff: 'city_staff',
  ProvinceStaff: 'province_staff',
  Merchant: 'merchant',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

export const Permission = {
  /** Read orgs (and, later, org-owned records) in the scope. */
  OrgRead: 'org:read',
  /** Create, rename, delete orgs in the scope. */
  OrgWrite: 'org:write',
  /** Move a subtree within the scope. */
  OrgMove: 'org:move',
  /** Bulk-import an org tree under an org in the scope. */
  OrgImport: 'org:import',
  /** Open the cadre/staff workbench. */
  WorkbenchAccess: 'workbench:access',
  /** Operate background queues (Bull Board). */
  QueuesAdmin: 'queues:admin',
  /** Read the members and applications of unions in the scope. */
  MembershipRead: 'membership:read',
  /** Approve or reject join applications and transfers of unions in the scope. */
  MembershipReview: 'membership:review',
  /** Issue and revoke join QR codes of unions in the scope. */
  JoinCodesManage: 'membership:join-codes',
  /** Import rosters into unions in the scope. */
  MembershipImport: 'membership:import',
  /** Export the members in the scope (masked). */
  MembershipExport: 'membership:export',
  /** Export full ID numbers and mobiles. Granted sparingly; every export is audited. */
  MembershipExportUnmasked: 'membership:export-unmasked',
  /** Approve enterprises' applications to found a union under an org in the scope (upper-level unions). */
  EstablishmentReview: 'membership:establishment-review',
  /** Check a member's card QR at a station or counter. */
  MemberCardCheck: 'membership:card-check',
  /** Read the post stations (驿站) of the scope. */
  StationRead: 'station:read',
  /** Create, edit and close post stations of the scope, and assign their masters. */
  StationWrite: 'station:write',
  /** Configure earn rules, adjust balances and read reconciliation reports of the scope; run its points mall. */
  PointsManage: 'points:manage',
  /** Hand over points-mall orders (by pickup code) of items offered in the scope. */
  MallFulfil: 'points:mall-fulfil',
  /** Partner merchants, their stores, coupon templates, flash drops and welfare campaigns of the scope. */
  BenefitsManage: 'benefits:manage',
  /** Write off members' coupons at the counter of one's own merchant. */
  CouponWriteOff: 'benefits:write-off',
  /** Hand out welfare-campaign goods (智送清凉) at a station of the scope. */
  WelfarePickup: 'benefits:welfare-pickup',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** What a grassroots cadre does for their own union. */
const UNION_WORK: readonly Permission[] = [
  Permission.MembershipRead,
  Permission.MembershipReview,
  Permission.JoinCodesManage,
  Permission.MembershipImport,
  Permission.MembershipExport,
  Permission.MemberCardCheck,
];

const STAFF: readonly Permission[] = [
  Permission.OrgRead,
  Permission.OrgWrite,
  Permission.OrgMove,
  Permission.OrgImport,
  Permission.WorkbenchAccess,
  ...UNION_WORK,
  Permission.EstablishmentReview,
  Permission.StationRead,
  Permission.StationWrite,
  Permission.PointsManage,
  Permission.MallFulfil,
  Permission.BenefitsManage,
  Permission.WelfarePickup,
];

/** What each role may do inside its scope. The API enforces it; the mini-program uses it to shape menus. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  member: [],
  cadre: [
    Permission.OrgRead,
    Permission.WorkbenchAccess,
    ...UNION_WORK,
    Permission.MallFulfil,
    Permission.WelfarePickup,
  ],
  station_master: [
    Permission.WorkbenchAccess,
    Permission.MemberCardCheck,
    Permission.StationRead,
    Permission.MallFulfil,
    Permission.WelfarePickup,
  ],
  county_staff: STAFF,
  city_staff: STAFF,
  province_staff: [...STAFF, Permission.QueuesAdmin, Permission.MembershipExportUnmasked],
  merchant: [Permission.MemberCardCheck, Permission.CouponWriteOff],
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Chinese labels shown in the mini-program. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  member: '会员',
  cadre: '基层工会干部',
  station_master: '驿站站长',
  county_staff: '县(区)总工会',
  city_staff: '市总工会',
  province_staff: '省总工会',
  merchant: '商户',
};
