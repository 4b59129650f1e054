import { ErrorCode } from '@smartunion/contracts';

/** HTTP status of every error code. The switch is exhaustive: a new code does not compile until mapped. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.StationHoursInvalid:
    case ErrorCode.MalformedJson:
    case ErrorCode.BadRequest:
    case ErrorCode.LoginProviderDisabled:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.TokenExpired:
    case ErrorCode.LoginFailed:
    case ErrorCode.RefreshTokenInvalid:
    case ErrorCode.RefreshTokenReused:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.OutOfScope:
    case ErrorCode.UserDisabled:
      return 403;
    case ErrorCode.MemberNotVerified:
    case ErrorCode.NotAMember:
      return 403;
    case ErrorCode.RouteNotFound:
    case ErrorCode.NotFound:
    case ErrorCode.OrgNotFound:
    case ErrorCode.ApplicationNotFound:
    case ErrorCode.MemberNotFound:
    case ErrorCode.TransferNotFound:
    case ErrorCode.EstablishmentNotFound:
    case ErrorCode.ImportNotFound:
    case ErrorCode.StationNotFound:
    case ErrorCode.UserNotFound:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.Conflict:
    case ErrorCode.OrgCodeTaken:
    case ErrorCode.OrgHasChildren:
    case ErrorCode.OrgInUse:
    case ErrorCode.AlreadyMember:
    case ErrorCode.ApplicationPending:
    case ErrorCode.ApplicationDecided:
    case ErrorCode.IdNumberInUse:
    case ErrorCode.TransferOpen:
    case ErrorCode.TransferDecided:
    case ErrorCode.EstablishmentDecided:
    case ErrorCode.CreditCodeInUse:
      return 409;
    case ErrorCode.JoinCodeRevoked:
      return 410;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.OrgInvalidParent:
    case ErrorCode.OrgMoveIntoSubtree:
    case ErrorCode.OrgAreaCodeMismatch:
    case ErrorCode.OrgImportInvalid:
    case ErrorCode.OrgNotGrassroots:
    case ErrorCode.JoinCodeInvalid:
    case ErrorCode.VerificationMismatch:
    case ErrorCode.CardTokenInvalid:
    case ErrorCode.CardTokenExpired:
    case ErrorCode.TransferSameUnion:
    case ErrorCode.ImportInvalid:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.Internal:
      return 500;
    case ErrorCode.LoginProviderUnavailable:
    case ErrorCode.ServiceUnavailable:
    case ErrorCode.VerificationUnavailable:
      return 503;
  }
}
