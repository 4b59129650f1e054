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
