import type { ErrorCode } from '@smartunion/contracts';

/**
 * The one error type domain code throws. Areas subclass it (OrgError, IdentityError…) for readability; the
 * HTTP status comes only from the code, in the exception filter.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
