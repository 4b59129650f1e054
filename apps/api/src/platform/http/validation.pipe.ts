import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';

function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, reasons: Object.values(e.constraints) }] : [];
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/** Unknown fields, wrong types and failed constraints all become VALIDATION_FAILED with per-field reasons. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = fieldErrors(errors);
      const first = details[0];
      const message = first ? `${first.field}: ${first.reasons[0]}` : 'The request is invalid';
      return new DomainError(ErrorCode.ValidationFailed, message, details);
    },
  });
}
