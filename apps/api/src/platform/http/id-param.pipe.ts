import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';

const BIGINT_ID = /^[1-9]\d{0,17}$/;

/** A bigint id in a path segment, kept as a string. Anything else is a 400, never a database error. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!BIGINT_ID.test(value)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Invalid id', [
        { field: 'id', reasons: ['must be a numeric id'] },
      ]);
    }
    return value;
  }
}
