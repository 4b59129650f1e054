import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type RequestTransferRequest,
  type ReviewTransfersQuery,
  TRANSFER_STATUSES,
  type TransferStatus,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';

const present = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * A join code token that is given exactly when `other` is not: the target union is named one way only.
 * (A class-level rule, hung on this property so the error names a field.)
 */
function JoinCodeXorOrgId(other: 'toOrgId', options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'joinCodeXorOrgId',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args) => {
          const otherGiven = present((args?.object as Record<string, unknown>)[other]);
          if (!present(value)) return otherGiven;
          return !otherGiven && typeof value === 'string' && value.length >= 1 && value.length <= 2000;
        },
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const otherGiven = present((args?.object as Record<string, unknown>)[other]);
          if (present(value) && otherGiven) return `give either ${args?.property} or ${other}, not both`;
          if (!present(value)) return `${args?.property} or ${other} is required`;
          return `${args?.property} must be a join code of 1–2000 characters`;
        },
      },
    });
}

export class RequestTransferDto implements RequestTransferRequest {
  @ApiPropertyOptional({
    description: 'The new union’s join code (from its QR). Exactly one of joinCode, toOrgId.',
  })
  @JoinCodeXorOrgId('toOrgId')
  joinCode?: string;

  @ApiPropertyOptional({
    example: '42',
    description: 'The new union’s id. Exactly one of joinCode, toOrgId.',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'toOrgId must be an org id' })
  toOrgId?: string;

  @ApiProperty({ example: '更换工作单位', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ReviewTransfersQueryDto extends PageQueryDto implements ReviewTransfersQuery {
  @ApiPropertyOptional({
    enum: ['out', 'in'],
    description: 'Leaving or arriving at unions in scope; both when absent',
  })
  @IsOptional()
  @IsIn(['out', 'in'])
  direction?: 'out' | 'in';

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: TransferStatus;
}
