import { ErrorCode, type FieldError as ApiFieldError } from '@smartunion/contracts';

import { isApiError } from '../services/api';

/**
 * The form fields a VALIDATION_FAILED refusal names in its details, each with what to tell the user (the API's
 * reasons are English, for developers), or null when the refusal is about something else or names no field of
 * the form. `apiFields` maps the API's field names (`location.lat`…) to the form's.
 */
export function validationErrors<F extends string>(
  error: unknown,
  apiFields: Readonly<Record<string, F>>,
  message: (field: F, detail: ApiFieldError) => string,
): Partial<Record<F, string>> | null {
  if (!isApiError(error) || error.code !== ErrorCode.ValidationFailed || !Array.isArray(error.details)) {
    return null;
  }
  const errors: Partial<Record<F, string>> = {};
  for (const detail of error.details as ApiFieldError[]) {
    if (!Object.prototype.hasOwnProperty.call(apiFields, detail.field)) continue;
    const field = apiFields[detail.field];
    errors[field] = message(field, detail);
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
