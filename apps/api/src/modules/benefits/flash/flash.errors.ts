import { ErrorCode } from '@smartunion/contracts';

import { DomainError } from '../../../platform/errors/domain-error';

/** Errors of flash-sale drops. The code says which. */
export class FlashError extends DomainError {}

/** Redis did not answer: nothing was decided or changed, the client may retry (503, never a 500). */
export const redisDown = (e: unknown): FlashError =>
  new FlashError(
    ErrorCode.ServiceUnavailable,
    `The flash sale store is unavailable, try again (${e instanceof Error ? e.name : 'error'})`,
  );
