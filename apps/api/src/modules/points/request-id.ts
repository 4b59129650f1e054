import { invalid } from '../../platform/errors/common-errors';
import { idempotencyKeyOf } from '../../platform/http/idempotency-key';

/**
 * The request's idempotency key (body requestId or Idempotency-Key header, see {@link idempotencyKeyOf}),
 * required: spending points is never done without one, so a retry can never spend twice.
 */
export function requiredRequestId(body: string | undefined, header: string | undefined): string {
  const id = idempotencyKeyOf(body, header);
  if (!id) {
    throw invalid(
      'requestId',
      'send requestId (UUID) or the Idempotency-Key header',
      'requestId is required',
    );
  }
  return id;
}
