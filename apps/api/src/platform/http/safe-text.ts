import { hasUnsafeText, UNSAFE_TEXT_REASON } from '@smartunion/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

function safeText(name: string, multiline: boolean, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        // Non-strings are @IsString's to report; this check only judges the characters.
        validate: (value: unknown) => typeof value !== 'string' || !hasUnsafeText(value, { multiline }),
        defaultMessage: (args) => `${args?.property} ${UNSAFE_TEXT_REASON}`,
      },
    });
}

/** A single-line name or title shown in lists: no control, bidi or zero-width character. */
export function SafeText(options?: ValidationOptions): PropertyDecorator {
  return safeText('safeText', false, options);
}

/** Multi-line text (descriptions): keeps line breaks and tabs, still no bidi or zero-width character. */
export function SafeMultilineText(options?: ValidationOptions): PropertyDecorator {
  return safeText('safeMultilineText', true, options);
}
