import { ErrorCode, IDEMPOTENCY_KEY_HEADER } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A retryable write's idempotency key: the body's `requestId` or the `Idempotency-Key` header, lower-cased (they
 * must agree when both are sent). Undefined when the client sent neither.
 */
export function idempotencyKeyOf(body: string | undefined, header: string | undefined): string | undefined {
  if (header !== undefined && !UUID.test(header)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Invalid Idempotency-Key', [
      { field: IDEMPOTENCY_KEY_HEADER, reasons: ['must be a UUID'] },
    ]);
  }
  if (body && header && body.toLowerCase() !== header.toLowerCase()) {
    throw new DomainError(ErrorCode.ValidationFailed, 'requestId and Idempotency-Key differ', [
      { field: 'requestId', reasons: ['must equal the Idempotency-Key header when both are sent'] },
    ]);
  }
  return (body ?? header)?.toLowerCase();
}
