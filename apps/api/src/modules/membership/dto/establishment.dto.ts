import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ApplyEstablishmentRequest,
  ESTABLISHMENT_STATUSES,
  type EstablishmentStatus,
  type FoundingMember,
  MAX_FOUNDING_MEMBERS,
  MIN_FOUNDING_MEMBERS,
  MOBILE_PATTERN,
  type ReviewEstablishmentsQuery,
  type UpperUnionQuery,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeText } from '../../../platform/http/safe-text';
import { IsCreditCode, normalizeCode } from './validators';

export class FoundingMemberDto implements FoundingMember {
  @ApiProperty({ example: '李四' })
  @Transform(trim)
  @IsString()
  @Length(2, 30)
  @SafeText()
  name: string;

  @ApiProperty({ example: '13812345678' })
  @Matches(MOBILE_PATTERN, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile: string;
}

/** The mobile of a founding member, for the duplicate check; anything else is left for the element's own checks. */
const mobileOf = (m: unknown): unknown =>
  typeof m === 'object' && m !== null ? (m as { mobile?: unknown }).mobile : m;

export class ApplyEstablishmentDto implements ApplyEstablishmentRequest {
  @ApiProperty({ example: '山西某某物流有限公司' })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @SafeText()
  enterpriseName: string;

  @ApiProperty({
    example: '91140105MA0L1234X5',
    description: '18-character unified social credit code (GB 32100)',
  })
  @Transform(normalizeCode)
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ example: '太原市小店区长治路 1 号' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  @SafeText()
  address: string;

  @ApiProperty({ example: '42', description: 'The county or street union that approves' })
  @Matches(ID_PATTERN, { message: 'parentOrgId must be an org id' })
  parentOrgId: string;

  @ApiProperty({ example: 120, minimum: 1, maximum: 1_000_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  employeeCount: number;

  @ApiProperty({ type: [FoundingMemberDto], minItems: MIN_FOUNDING_MEMBERS, maxItems: MAX_FOUNDING_MEMBERS })
  @IsArray()
  @ArrayMinSize(MIN_FOUNDING_MEMBERS)
  @ArrayMaxSize(MAX_FOUNDING_MEMBERS)
  @ArrayUnique(mobileOf, { message: 'foundingMembers must have distinct mobiles' })
  @ValidateNested({ each: true })
  @Type(() => FoundingMemberDto)
  foundingMembers: FoundingMemberDto[];
}

export class UpperUnionQueryDto extends PageQueryDto implements UpperUnionQuery {
  @ApiPropertyOptional({ description: 'Part of the union’s name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class ReviewEstablishmentsQueryDto extends PageQueryDto implements ReviewEstablishmentsQuery {
  @ApiPropertyOptional({ enum: ESTABLISHMENT_STATUSES })
  @IsOptional()
  @IsIn(ESTABLISHMENT_STATUSES)
  status?: EstablishmentStatus;
}
