import {
  CREDIT_CODE_PROBLEM_LABELS,
  ID_NUMBER_PROBLEM_LABELS,
  parseCreditCode,
  parseIdNumber,
} from '@smartunion/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** An 18-digit resident ID number with a valid region, birth date and GB 11643 check character. */
export function IsIdNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIdNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseIdNumber(value).ok,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return `${args?.property} must be an ID number`;
          const r = parseIdNumber(value);
          return r.ok ? '' : `${args?.property}: ${r.problem} (${ID_NUMBER_PROBLEM_LABELS[r.problem]})`;
        },
      },
    });
}

/** An 18-character unified social credit code with a valid GB 32100 check character. */
export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseCreditCode(value).ok,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return `${args?.property} must be a credit code`;
          const r = parseCreditCode(value);
          return r.ok ? '' : `${args?.property}: ${r.problem} (${CREDIT_CODE_PROBLEM_LABELS[r.problem]})`;
        },
      },
    });
}

/** Upper-cases and trims identifiers so `x` and `X` are the same person. */
export const normalizeCode = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
