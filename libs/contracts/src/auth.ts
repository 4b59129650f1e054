import type { OrgRef } from './orgs';
import type { Permission, Role } from './roles';

export const LoginProvider = {
  Wechat: 'wechat',
  Alipay: 'alipay',
  Dev: 'dev',
} as const;
export type LoginProvider = (typeof LoginProvider)[keyof typeof LoginProvider];

export interface LoginRequest {
  provider: LoginProvider;
  /** wechat: the code of wx.login; alipay: the authCode of my.getAuthCode; dev: a demo user's key. */
  code: string;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** ISO-8601 instant. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface LoginResponse extends TokenPair {
  /** True when this login created the user. */
  isNewUser: boolean;
}

/**
 * Binds the mobile number the platform vouches for to the caller (POST /me/phone). wechat: the `code` of the
 * getPhoneNumber button, exchanged once at WeChat for the number.
 */
export interface BindPhoneRequest {
  provider: typeof LoginProvider.Wechat;
  code: string;
}

export interface PhoneBindingResponse {
  /** Masked, as 138****5678. */
  mobile: string;
  /** ISO-8601 instant the platform last vouched for the number. */
  verifiedAt: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface LogoutRequest {
  refreshToken: string;
}

export interface RoleBindingView {
  role: Role;
  org: OrgRef;
  /** What this role allows inside `org`'s subtree. */
  permissions: Permission[];
}

export interface MeResponse {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  roles: RoleBindingView[];
  /** Convenience: the grassroots union of the member role, if any. */
  memberOrg: OrgRef | null;
  /** True if any role opens the workbench. */
  hasWorkbench: boolean;
}

/** Demo users of the seed, by dev-login key. Only valid where AUTH_DEV_LOGIN=true outside production. */
export const DEMO_USER_KEYS = {
  member: 'demo-member',
  cadre: 'demo-cadre',
  stationMaster: 'demo-station-master',
  countyStaff: 'demo-county-staff',
  cityStaff: 'demo-city-staff',
  provinceStaff: 'demo-province-staff',
  merchant: 'demo-merchant',
  /** A delivery rider who has not joined a union yet: try 扫码入会 with it. */
  worker: 'demo-worker',
} as const;
