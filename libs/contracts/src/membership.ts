import type { Paged } from './common';
import type { OrgRef } from './orgs';

/** What a member does for a living; new-employment-form work first, as the unions recruit there. */
export const Occupation = {
  DeliveryRider: 'delivery_rider',
  Courier: 'courier',
  RideHailingDriver: 'ride_hailing_driver',
  TruckDriver: 'truck_driver',
  Sanitation: 'sanitation',
  DomesticService: 'domestic_service',
  Other: 'other',
} as const;
export type Occupation = (typeof Occupation)[keyof typeof Occupation];
export const OCCUPATIONS: readonly Occupation[] = Object.values(Occupation);

export const OCCUPATION_LABELS: Readonly<Record<Occupation, string>> = {
  delivery_rider: '外卖骑手',
  courier: '快递员',
  ride_hailing_driver: '网约车司机',
  truck_driver: '货车司机',
  sanitation: '环卫工人',
  domestic_service: '家政服务员',
  other: '其他',
};

// ---------------------------------------------------------------------------------------------- join codes

/** Query parameter carrying a join code in the join page's URL (and so in the QR code). */
export const JOIN_CODE_PARAM = 'code';

export interface JoinCodeResponse {
  id: string;
  org: OrgRef;
  label: string;
  /** The signed token; the QR encodes {@link url}, which carries it. */
  token: string;
  /** The join page of the H5 app with the token, e.g. https://…/#/pages/membership/join/index?code=… */
  url: string;
  /** PNG of the QR code as a data URL, ready for an <Image>. */
  qrDataUrl: string;
  revokedAt: string | null;
  createdAt: string;
}

export type JoinCodeListResponse = Paged<JoinCodeResponse> & {
  /**
   * The API's PUBLIC_APP_URL, which every code's {@link JoinCodeResponse.url} starts with, is still a
   * localhost / 127.0.0.1 address: a phone that scans these codes cannot open them.
   */
  appUrlIsLocal: boolean;
};

export interface CreateJoinCodeRequest {
  orgId: string;
  /** Where the code is posted, e.g. "站点门口" or "2026 春季招募". */
  label: string;
}

/** What a scanned code resolves to, before the worker logs in or fills the form. */
export interface JoinCodeInfoResponse {
  org: OrgRef;
  label: string;
  /** Names from the federation down to the union, for "you are joining …". */
  orgPath: string[];
}

/** The shortest text the union finder searches for: one character would match half the province. */
export const JOIN_UNION_QUERY_MIN_LENGTH = 2;
export const JOIN_UNION_QUERY_MAX_LENGTH = 30;
/** The most unions on one page of the finder. */
export const JOIN_UNION_MAX_PAGE_SIZE = 20;

/** 找工会入会: a grassroots union that takes applications online, i.e. has an active join code. */
export interface JoinUnionOption {
  org: OrgRef;
  /** Names from the federation down to the union, as in {@link JoinCodeInfoResponse}. */
  orgPath: string[];
  /** The token of one of the union's join codes: the join page opened with it ({@link JOIN_CODE_PARAM}) applies there. */
  joinCode: string;
}

export type JoinUnionListResponse = Paged<JoinUnionOption>;

export interface JoinUnionQuery {
  /**
   * Part of the union's name, or of the name of a union above it, so a place finds the unions there (小店 finds
   * those under 小店区总工会). {@link JOIN_UNION_QUERY_MIN_LENGTH} characters at least.
   */
  q: string;
  page?: number;
  /** At most {@link JOIN_UNION_MAX_PAGE_SIZE}. */
  pageSize?: number;
}

// ---------------------------------------------------------------------------------------------- applications

export const ApplicationStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Withdrawn: 'withdrawn',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];
export const APPLICATION_STATUSES: readonly ApplicationStatus[] = Object.values(ApplicationStatus);

export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export interface SubmitJoinApplicationRequest {
  /** The scanned join code's token. */
  joinCode: string;
  name: string;
  mobile: string;
  idNumber: string;
  employer: string;
  occupation: Occupation;
  /** 新就业形态劳动者: platform-based delivery, courier, ride-hailing and similar work. */
  newEmploymentForm: boolean;
}

export const VerificationStatus = {
  Unverified: 'unverified',
  Verified: 'verified',
  /** The identity service said name and ID number do not belong together. */
  Mismatch: 'mismatch',
} as const;
export type VerificationStatus = (typeof VerificationStatus)[keyof typeof VerificationStatus];

export const VERIFICATION_STATUS_LABELS: Readonly<Record<VerificationStatus, string>> = {
  unverified: '未实名认证',
  verified: '已实名认证',
  mismatch: '实名信息不一致',
};

export interface JoinApplicationResponse {
  id: string;
  status: ApplicationStatus;
  org: OrgRef;
  name: string;
  /** Always masked: 138****5678. */
  mobile: string;
  /** Always masked: 1401**********123X. */
  idNumber: string;
  gender: 'male' | 'female';
  /** Whole years at submission. */
  age: number;
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
  verification: VerificationStatus;
  rejectReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export type JoinApplicationListResponse = Paged<JoinApplicationResponse>;

export interface ReviewApplicationsQuery {
  status?: ApplicationStatus;
  /** Only applications to this org or below it (within the caller's scope). */
  orgId?: string;
  occupation?: Occupation;
  /** Applicant's age in whole years, inclusive bounds. */
  minAge?: number;
  maxAge?: number;
  /** Only applications waiting at least this many days. */
  waitingDays?: number;
  page?: number;
  pageSize?: number;
}

export interface RejectRequest {
  reason: string;
}

export interface BatchApproveRequest {
  ids: string[];
}

export const MAX_BATCH_APPROVE = 100;

export interface BatchApproveResponse {
  approved: string[];
  /** Applications not approved, with the error code that stopped each (decided already, out of scope…). */
  failed: { id: string; code: string; message: string }[];
}

// ---------------------------------------------------------------------------------------------- members

export const MemberStatus = {
  Active: 'active',
  Left: 'left',
} as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];

export interface MemberResponse {
  id: string;
  memberNo: string;
  name: string;
  org: OrgRef;
  status: MemberStatus;
  mobile: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
  verification: VerificationStatus;
  verifiedAt: string | null;
  joinedAt: string;
  /** How the member came in: a join code, a roster import, or as founder of a new union. */
  source: 'join' | 'import' | 'establishment';
}

export type MemberListResponse = Paged<MemberResponse>;

export interface MemberListQuery {
  orgId?: string;
  /** Name (prefix) or member number. */
  q?: string;
  occupation?: Occupation;
  verification?: VerificationStatus;
  page?: number;
  pageSize?: number;
}

/** The caller's own membership, for 我的 and the join flow. */
export interface MyMembershipResponse {
  member: MemberResponse | null;
  /** The newest application, whatever its state. */
  latestApplication: JoinApplicationResponse | null;
  /** A transfer not yet completed, rejected or cancelled. */
  openTransfer: TransferResponse | null;
}

// ---------------------------------------------------------------------------------------------- card

export interface MemberCardResponse {
  memberNo: string;
  name: string;
  org: OrgRef;
  joinedAt: string;
  verification: VerificationStatus;
  /** Short-lived signed token that a station or merchant checks; refresh before {@link qrExpiresAt}. */
  qrToken: string;
  qrDataUrl: string;
  qrExpiresAt: string;
}

export const MEMBER_CARD_TTL_SECONDS = 120;

export interface CheckCardRequest {
  token: string;
}

export interface CheckCardResponse {
  memberNo: string;
  /** Masked: 王** */
  name: string;
  org: OrgRef;
  status: MemberStatus;
  verification: VerificationStatus;
  checkedAt: string;
}

// ---------------------------------------------------------------------------------------------- verification

export interface VerificationResponse {
  verification: VerificationStatus;
  verifiedAt: string | null;
}

// ---------------------------------------------------------------------------------------------- transfers

export const TransferStatus = {
  /** Waiting for the old union to let the member go. */
  PendingOut: 'pending_out',
  /** The old union agreed; waiting for the new union to take the member in. */
  PendingIn: 'pending_in',
  Completed: 'completed',
  Rejected: 'rejected',
  Cancelled: 'cancelled',
} as const;
export type TransferStatus = (typeof TransferStatus)[keyof typeof TransferStatus];
export const TRANSFER_STATUSES: readonly TransferStatus[] = Object.values(TransferStatus);

export const TRANSFER_STATUS_LABELS: Readonly<Record<TransferStatus, string>> = {
  pending_out: '待原工会审核',
  pending_in: '待新工会接收',
  completed: '已转入',
  rejected: '未通过',
  cancelled: '已撤销',
};

export interface RequestTransferRequest {
  /** The new union's join code (scanned), or its id. Exactly one. */
  joinCode?: string;
  toOrgId?: string;
  reason: string;
}

export interface TransferResponse {
  id: string;
  status: TransferStatus;
  memberNo: string;
  memberName: string;
  from: OrgRef;
  to: OrgRef;
  reason: string;
  rejectReason: string | null;
  outDecidedAt: string | null;
  inDecidedAt: string | null;
  createdAt: string;
}

export type TransferListResponse = Paged<TransferResponse>;

export interface ReviewTransfersQuery {
  /** `out`: transfers leaving unions in scope; `in`: arriving. Both when absent. */
  direction?: 'out' | 'in';
  status?: TransferStatus;
  page?: number;
  pageSize?: number;
}

/** One entry of a member's history: joined, transferred out/in, verified, left. */
export interface MemberEventResponse {
  kind: 'joined' | 'imported' | 'founded' | 'transferred' | 'verified' | 'left';
  org: OrgRef;
  fromOrg: OrgRef | null;
  at: string;
}

// ---------------------------------------------------------------------------------------------- establishment

export const EstablishmentStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
} as const;
export type EstablishmentStatus = (typeof EstablishmentStatus)[keyof typeof EstablishmentStatus];
export const ESTABLISHMENT_STATUSES: readonly EstablishmentStatus[] = Object.values(EstablishmentStatus);

export const ESTABLISHMENT_STATUS_LABELS: Readonly<Record<EstablishmentStatus, string>> = {
  pending: '待上级工会审批',
  approved: '已批准建会',
  rejected: '未批准',
};

export interface FoundingMember {
  name: string;
  mobile: string;
}

export const MIN_FOUNDING_MEMBERS = 3;
export const MAX_FOUNDING_MEMBERS = 50;

export interface ApplyEstablishmentRequest {
  enterpriseName: string;
  /** 18-character unified social credit code (GB 32100). */
  creditCode: string;
  address: string;
  /** The upper-level union (county, street or industry federation) that approves. */
  parentOrgId: string;
  employeeCount: number;
  /** 发起人 besides the applicant. */
  foundingMembers: FoundingMember[];
}

export interface EstablishmentResponse {
  id: string;
  status: EstablishmentStatus;
  enterpriseName: string;
  creditCode: string;
  address: string;
  parent: OrgRef;
  employeeCount: number;
  /** Masked mobiles. */
  foundingMembers: FoundingMember[];
  applicantName: string;
  /** The grassroots union created on approval. */
  createdOrg: OrgRef | null;
  rejectReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export type EstablishmentListResponse = Paged<EstablishmentResponse>;

/** Upper-level unions an enterprise may apply under, for the establishment form. */
export interface UpperUnionOption extends OrgRef {
  /** Names from the province down, e.g. 山西省总工会 / 太原市总工会 / 小店区总工会. */
  pathNames: string[];
}

export type UpperUnionListResponse = Paged<UpperUnionOption>;

export interface UpperUnionQuery {
  /** Part of the name, e.g. 小店. All county and street unions when absent. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ReviewEstablishmentsQuery {
  status?: EstablishmentStatus;
  page?: number;
  pageSize?: number;
}

// ---------------------------------------------------------------------------------------------- roster import/export

/** CSV header (and XLSX first row) of a roster import; `union_code` may be left out when importing into one union. */
export const ROSTER_COLUMNS = [
  'name',
  'id_number',
  'mobile',
  'employer',
  'occupation',
  'new_employment_form',
  'union_code',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** The Chinese header of each roster column, as the import template has it; the import takes the codes too. */
export const ROSTER_COLUMN_LABELS: Readonly<Record<RosterColumn, string>> = {
  name: '姓名',
  id_number: '身份证号',
  mobile: '手机号',
  employer: '工作单位',
  occupation: '职业',
  new_employment_form: '是否新就业形态',
  union_code: '工会代码',
};

export const ImportStatus = {
  Queued: 'queued',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
} as const;
export type ImportStatus = (typeof ImportStatus)[keyof typeof ImportStatus];

export type RosterFormat = 'csv' | 'xlsx';

export interface RosterImportResponse {
  id: string;
  org: OrgRef;
  fileName: string;
  format: RosterFormat;
  status: ImportStatus;
  /** Rows read so far (the header excluded). */
  processedRows: number;
  /** New members created. */
  insertedRows: number;
  /** Rows already present with the same person in the same union: re-imports add nothing. */
  unchangedRows: number;
  /** Rows rejected; see the error report. */
  errorRows: number;
  /** Why the whole import failed (unreadable file, wrong header). */
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type RosterImportListResponse = Paged<RosterImportResponse>;

export interface RosterExportQuery {
  orgId?: string;
  format?: RosterFormat;
  /** Full ID numbers and mobiles; needs membership:export-unmasked. */
  unmasked?: boolean;
}
