import { ErrorCode, type FieldError } from '@smartunion/contracts';

import { DomainError } from './domain-error';

/**
 * VALIDATION_FAILED found by a domain rule rather than the DTO, shaped like the validation pipe's answer:
 * `details` lists the fields and their reasons. The message defaults to "field: reason" of the first one.
 */
export function invalid(field: string, reason: string, message?: string): DomainError;
export function invalid(problems: readonly FieldError[], message?: string): DomainError;
export function invalid(
  fieldOrProblems: string | readonly FieldError[],
  reasonOrMessage?: string,
  message?: string,
): DomainError {
  const problems =
    typeof fieldOrProblems === 'string'
      ? [{ field: fieldOrProblems, reasons: [reasonOrMessage ?? 'is invalid'] }]
      : [...fieldOrProblems];
  const text = typeof fieldOrProblems === 'string' ? message : reasonOrMessage;
  return new DomainError(
    ErrorCode.ValidationFailed,
    text ?? `${problems[0].field}: ${problems[0].reasons[0]}`,
    problems,
  );
}

/**
 * A value another row holds already (a code, a name). `code` says which rule (ORG_CODE_TAKEN,
 * MALL_ITEM_NAME_TAKEN, CONFLICT…); given a `field`, `details` name it the way validation errors do, so a form
 * can show the problem beside that field.
 */
export function taken(code: ErrorCode, message: string, field?: string, reason = 'taken'): DomainError {
  return new DomainError(code, message, field ? [{ field, reasons: [reason] }] : undefined);
}
