import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid in a path segment (user ids), lower-cased. Anything else is a 400, never a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Invalid id', [
        { field: 'userId', reasons: ['must be a uuid'] },
      ]);
    }
    return value.toLowerCase();
  }
}
