import { ErrorCode } from '@smartunion/contracts';

import { idempotencyKeyOf } from '../../platform/http/idempotency-key';
import { PointsError } from './points.errors';

/**
 * The request's idempotency key (body requestId or Idempotency-Key header, see {@link idempotencyKeyOf}),
 * required: spending points is never done without one, so a retry can never spend twice.
 */
export function requiredRequestId(body: string | undefined, header: string | undefined): string {
  const id = idempotencyKeyOf(body, header);
  if (!id) {
    throw new PointsError(ErrorCode.ValidationFailed, 'requestId is required', [
      { field: 'requestId', reasons: ['send requestId (UUID) or the Idempotency-Key header'] },
    ]);
  }
  return id;
}
