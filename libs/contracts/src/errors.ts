/**
 * Stable error codes. Every non-2xx JSON body is an {@link ApiErrorBody}; the HTTP status for each code is
 * fixed by the API's exception filter, so clients branch on `code`, never on message text.
 */
export const ErrorCode = {
  // request shape
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  BadRequest: 'BAD_REQUEST',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  // authentication
  Unauthenticated: 'UNAUTHENTICATED',
  TokenExpired: 'TOKEN_EXPIRED',
  LoginFailed: 'LOGIN_FAILED',
  LoginProviderDisabled: 'LOGIN_PROVIDER_DISABLED',
  LoginProviderUnavailable: 'LOGIN_PROVIDER_UNAVAILABLE',
  RefreshTokenInvalid: 'REFRESH_TOKEN_INVALID',
  RefreshTokenReused: 'REFRESH_TOKEN_REUSED',
  UserDisabled: 'USER_DISABLED',
  // authorisation
  Forbidden: 'FORBIDDEN',
  OutOfScope: 'OUT_OF_SCOPE',
  // org tree
  OrgNotFound: 'ORG_NOT_FOUND',
  OrgCodeTaken: 'ORG_CODE_TAKEN',
  OrgInvalidParent: 'ORG_INVALID_PARENT',
  OrgMoveIntoSubtree: 'ORG_MOVE_INTO_SUBTREE',
  OrgHasChildren: 'ORG_HAS_CHILDREN',
  OrgInUse: 'ORG_IN_USE',
  OrgAreaCodeMismatch: 'ORG_AREA_CODE_MISMATCH',
  OrgImportInvalid: 'ORG_IMPORT_INVALID',
  OrgNotGrassroots: 'ORG_NOT_GRASSROOTS',
  // membership
  JoinCodeInvalid: 'JOIN_CODE_INVALID',
  JoinCodeRevoked: 'JOIN_CODE_REVOKED',
  AlreadyMember: 'ALREADY_MEMBER',
  ApplicationPending: 'APPLICATION_PENDING',
  ApplicationNotFound: 'APPLICATION_NOT_FOUND',
  ApplicationDecided: 'APPLICATION_DECIDED',
  IdNumberInUse: 'ID_NUMBER_IN_USE',
  NotAMember: 'NOT_A_MEMBER',
  MemberNotFound: 'MEMBER_NOT_FOUND',
  MemberNotVerified: 'MEMBER_NOT_VERIFIED',
  VerificationMismatch: 'VERIFICATION_MISMATCH',
  VerificationUnavailable: 'VERIFICATION_UNAVAILABLE',
  CardTokenInvalid: 'CARD_TOKEN_INVALID',
  CardTokenExpired: 'CARD_TOKEN_EXPIRED',
  TransferNotFound: 'TRANSFER_NOT_FOUND',
  TransferOpen: 'TRANSFER_OPEN',
  TransferDecided: 'TRANSFER_DECIDED',
  TransferSameUnion: 'TRANSFER_SAME_UNION',
  EstablishmentNotFound: 'ESTABLISHMENT_NOT_FOUND',
  EstablishmentDecided: 'ESTABLISHMENT_DECIDED',
  CreditCodeInUse: 'CREDIT_CODE_IN_USE',
  ImportNotFound: 'IMPORT_NOT_FOUND',
  ImportInvalid: 'IMPORT_INVALID',
  // stations
  StationNotFound: 'STATION_NOT_FOUND',
  StationHoursInvalid: 'STATION_HOURS_INVALID',
  UserNotFound: 'USER_NOT_FOUND',
  StationCodeInvalid: 'STATION_CODE_INVALID',
  StationClosed: 'STATION_CLOSED',
  StationFull: 'STATION_FULL',
  StationTooFar: 'STATION_TOO_FAR',
  DoorTimeout: 'DOOR_TIMEOUT',
  DoorUnavailable: 'DOOR_UNAVAILABLE',
  StationNotVisited: 'STATION_NOT_VISITED',
  PatrolTimeInvalid: 'PATROL_TIME_INVALID',
  // points
  PointsInsufficient: 'POINTS_INSUFFICIENT',
  EarnRuleNotFound: 'EARN_RULE_NOT_FOUND',
  MallItemNotFound: 'MALL_ITEM_NOT_FOUND',
  MallItemUnavailable: 'MALL_ITEM_UNAVAILABLE',
  MallOutOfStock: 'MALL_OUT_OF_STOCK',
  MallLimitReached: 'MALL_LIMIT_REACHED',
  MallOrderNotFound: 'MALL_ORDER_NOT_FOUND',
  MallOrderClosed: 'MALL_ORDER_CLOSED',
  PickupCodeInvalid: 'PICKUP_CODE_INVALID',
  MallItemNameTaken: 'MALL_ITEM_NAME_TAKEN',
  // benefits
  MerchantNotFound: 'MERCHANT_NOT_FOUND',
  NotAMerchant: 'NOT_A_MERCHANT',
  StoreNotFound: 'STORE_NOT_FOUND',
  CouponTemplateNotFound: 'COUPON_TEMPLATE_NOT_FOUND',
  CouponNotFound: 'COUPON_NOT_FOUND',
  CouponNotClaimable: 'COUPON_NOT_CLAIMABLE',
  CouponSoldOut: 'COUPON_SOLD_OUT',
  CouponLimitReached: 'COUPON_LIMIT_REACHED',
  NotInAudience: 'NOT_IN_AUDIENCE',
  CouponCodeInvalid: 'COUPON_CODE_INVALID',
  CouponCodeExpired: 'COUPON_CODE_EXPIRED',
  CouponAlreadyUsed: 'COUPON_ALREADY_USED',
  CouponExpired: 'COUPON_EXPIRED',
  CouponNotYetValid: 'COUPON_NOT_YET_VALID',
  CouponWrongMerchant: 'COUPON_WRONG_MERCHANT',
  CouponVoid: 'COUPON_VOID',
  FlashDropNotFound: 'FLASH_DROP_NOT_FOUND',
  FlashDropLocked: 'FLASH_DROP_LOCKED',
  FlashStockUnavailable: 'FLASH_STOCK_UNAVAILABLE',
  // welfare campaigns
  CampaignNotFound: 'CAMPAIGN_NOT_FOUND',
  CampaignNotOpen: 'CAMPAIGN_NOT_OPEN',
  CampaignLocked: 'CAMPAIGN_LOCKED',
  WelfareCodeInvalid: 'WELFARE_CODE_INVALID',
  WelfareCodeExpired: 'WELFARE_CODE_EXPIRED',
  WelfareAlreadyPickedUp: 'WELFARE_ALREADY_PICKED_UP',
  WelfareWrongStation: 'WELFARE_WRONG_STATION',
  WelfareNotEntitled: 'WELFARE_NOT_ENTITLED',
  // generic
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One invalid field of a request (VALIDATION_FAILED details). */
export interface FieldError {
  field: string;
  reasons: string[];
}

/** One rejected line of an uploaded file (ORG_IMPORT_INVALID details and later imports). */
export interface RowError {
  /** 1-based line number in the uploaded file, the header being line 1. */
  line: number;
  field?: string;
  reason: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  /** Present on INTERNAL errors: quote it to support; the server log has the stack under this id. */
  errorId?: string;
  requestId?: string;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/** What the mini-program tells the user for each code. The API's own `message` is for developers and logs. */
export const ERROR_MESSAGES_ZH: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  MALFORMED_JSON: '请求格式有误',
  BAD_REQUEST: '请求有误，请稍后重试',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件或请求格式',
  PAYLOAD_TOO_LARGE: '内容过大，请缩小后重试',
  ROUTE_NOT_FOUND: '功能暂不可用',
  METHOD_NOT_ALLOWED: '功能暂不可用',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  LOGIN_FAILED: '登录失败，请重新登录',
  LOGIN_PROVIDER_DISABLED: '暂不支持此登录方式',
  LOGIN_PROVIDER_UNAVAILABLE: '登录服务繁忙，请稍后重试',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  REFRESH_TOKEN_REUSED: '登录已失效，请重新登录',
  USER_DISABLED: '账号已停用，请联系所在工会',
  FORBIDDEN: '没有权限进行此操作',
  OUT_OF_SCOPE: '超出您的管理范围',
  ORG_NOT_FOUND: '组织不存在',
  ORG_CODE_TAKEN: '组织代码已被使用',
  ORG_INVALID_PARENT: '上级组织不符合层级要求',
  ORG_MOVE_INTO_SUBTREE: '不能移动到本组织的下级',
  ORG_HAS_CHILDREN: '该组织还有下级组织，不能删除',
  ORG_IN_USE: '该组织仍有会员或数据，不能删除',
  ORG_AREA_CODE_MISMATCH: '行政区划代码与上级组织不符',
  ORG_IMPORT_INVALID: '导入文件有误，请按提示修改后重新导入',
  ORG_NOT_GRASSROOTS: '只能加入基层工会',
  JOIN_CODE_INVALID: '入会码无效，请重新扫码',
  JOIN_CODE_REVOKED: '该入会码已停用，请向工会索取新的入会码',
  ALREADY_MEMBER: '您已是工会会员，如需更换工会请申请组织关系转接',
  APPLICATION_PENDING: '您已有一份入会申请正在审核中',
  APPLICATION_NOT_FOUND: '入会申请不存在',
  APPLICATION_DECIDED: '该申请已处理，请刷新',
  ID_NUMBER_IN_USE: '该身份证号已被其他账号使用，请联系所在工会',
  NOT_A_MEMBER: '您还不是工会会员，请先扫码入会',
  MEMBER_NOT_FOUND: '会员不存在',
  MEMBER_NOT_VERIFIED: '此功能仅限已实名认证的会员',
  VERIFICATION_MISMATCH: '姓名与身份证号不一致，请核对后重试',
  VERIFICATION_UNAVAILABLE: '实名认证服务繁忙，请稍后重试',
  CARD_TOKEN_INVALID: '会员码无效',
  CARD_TOKEN_EXPIRED: '会员码已过期，请让会员刷新后重试',
  TRANSFER_NOT_FOUND: '转接申请不存在',
  TRANSFER_OPEN: '您已有一份转接申请在办理中',
  TRANSFER_DECIDED: '该转接申请已处理，请刷新',
  TRANSFER_SAME_UNION: '您已在该工会，无需转接',
  ESTABLISHMENT_NOT_FOUND: '建会申请不存在',
  ESTABLISHMENT_DECIDED: '该建会申请已处理，请刷新',
  CREDIT_CODE_IN_USE: '该统一社会信用代码已提交过建会申请或已建会',
  IMPORT_NOT_FOUND: '导入任务不存在',
  IMPORT_INVALID: '导入文件无法读取，请使用模板格式',
  STATION_NOT_FOUND: '驿站不存在',
  STATION_HOURS_INVALID: '开放时间有误：请填写开始和结束时间，且两者不能相同',
  USER_NOT_FOUND: '用户不存在',
  STATION_CODE_INVALID: '驿站门禁码无效，请扫描驿站门上的二维码',
  STATION_CLOSED: '驿站当前不在开放时间',
  STATION_FULL: '驿站人数已满，请稍后再来或前往附近其他驿站',
  STATION_TOO_FAR: '距离驿站太远，请在驿站 200 米范围内打卡',
  DOOR_TIMEOUT: '门锁未响应，请稍后重试',
  DOOR_UNAVAILABLE: '门锁暂时无法开启，请联系站长',
  STATION_NOT_VISITED: '本月到访过该驿站后才能评价',
  PATROL_TIME_INVALID: '巡查时间有误：不能晚于当前时间，也不能早于驿站建立时间',
  POINTS_INSUFFICIENT: '积分不足',
  EARN_RULE_NOT_FOUND: '积分规则不存在',
  MALL_ITEM_NOT_FOUND: '商品不存在或已下架',
  MALL_ITEM_UNAVAILABLE: '该商品暂不可兑换',
  MALL_OUT_OF_STOCK: '商品库存不足，已兑完',
  MALL_LIMIT_REACHED: '已达到该商品的兑换上限',
  MALL_ORDER_NOT_FOUND: '兑换订单不存在',
  MALL_ORDER_CLOSED: '该订单已领取或已取消',
  PICKUP_CODE_INVALID: '提货码无效，请核对后重试',
  MALL_ITEM_NAME_TAKEN: '本工会已有同名商品，请换个名称',
  MERCHANT_NOT_FOUND: '商户不存在',
  NOT_A_MERCHANT: '您的账号未绑定商户，无法核销',
  STORE_NOT_FOUND: '门店不存在',
  COUPON_TEMPLATE_NOT_FOUND: '优惠券不存在',
  COUPON_NOT_FOUND: '优惠券不存在',
  COUPON_NOT_CLAIMABLE: '该优惠券当前不可领取',
  COUPON_SOLD_OUT: '优惠券已领完',
  COUPON_LIMIT_REACHED: '您已领取过该优惠券，不能再领了',
  NOT_IN_AUDIENCE: '该福利仅面向指定范围的会员',
  COUPON_CODE_INVALID: '券码无效，请让会员出示优惠券二维码',
  COUPON_CODE_EXPIRED: '券码已过期，请让会员刷新二维码',
  COUPON_ALREADY_USED: '该优惠券已核销，不能重复使用',
  COUPON_EXPIRED: '该优惠券已过期',
  COUPON_NOT_YET_VALID: '该优惠券尚未到使用时间',
  COUPON_WRONG_MERCHANT: '该优惠券不是本商户的券，不能核销',
  COUPON_VOID: '该优惠券已作废',
  FLASH_DROP_NOT_FOUND: '秒杀活动不存在',
  FLASH_DROP_LOCKED: '秒杀已开始或已结束，不能修改',
  FLASH_STOCK_UNAVAILABLE: '优惠券剩余库存不足以安排本场秒杀',
  CAMPAIGN_NOT_FOUND: '福利活动不存在',
  CAMPAIGN_NOT_OPEN: '福利活动未开始或已结束',
  CAMPAIGN_LOCKED: '福利活动已发布，不能修改',
  WELFARE_CODE_INVALID: '领取码无效，请让会员出示福利领取码',
  WELFARE_CODE_EXPIRED: '领取码已过期，请让会员刷新后重试',
  WELFARE_ALREADY_PICKED_UP: '该会员已领取过本次福利',
  WELFARE_WRONG_STATION: '本驿站不是该福利的领取点',
  WELFARE_NOT_ENTITLED: '您不在本次福利的发放范围内',
  NOT_FOUND: '内容不存在',
  CONFLICT: '数据已变化，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  INTERNAL: '系统繁忙，请稍后重试',
};
