import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type BatchApproveRequest,
  type CheckCardRequest,
  type CreateJoinCodeRequest,
  JOIN_UNION_MAX_PAGE_SIZE,
  JOIN_UNION_QUERY_MAX_LENGTH,
  JOIN_UNION_QUERY_MIN_LENGTH,
  type JoinUnionQuery,
  MAX_BATCH_APPROVE,
  type MemberListQuery,
  MOBILE_PATTERN,
  type Occupation,
  OCCUPATIONS,
  type RejectRequest,
  type ReviewApplicationsQuery,
  type SubmitJoinApplicationRequest,
  type VerificationStatus,
  VerificationStatus as Verification,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeText } from '../../../platform/http/safe-text';
import { IsIdNumber, normalizeCode } from './validators';

export class SubmitJoinApplicationDto implements SubmitJoinApplicationRequest {
  @ApiProperty({ description: 'The token of the scanned join QR code' })
  @IsString()
  @Length(10, 200)
  joinCode: string;

  @ApiProperty({ example: '王建军' })
  @Transform(trim)
  @IsString()
  @Length(2, 30)
  @SafeText()
  name: string;

  @ApiProperty({ example: '13812345678' })
  @Transform(trim)
  @Matches(MOBILE_PATTERN, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile: string;

  @ApiProperty({ example: '11010519491231002X', description: '18-digit resident ID number (GB 11643)' })
  @Transform(normalizeCode)
  @IsIdNumber()
  idNumber: string;

  @ApiProperty({ example: '美团外卖小店站' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @SafeText()
  employer: string;

  @ApiProperty({ enum: OCCUPATIONS })
  @IsIn(OCCUPATIONS)
  occupation: Occupation;

  @ApiProperty()
  @IsBoolean()
  newEmploymentForm: boolean;
}

export class CreateJoinCodeDto implements CreateJoinCodeRequest {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '站点门口' })
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  @SafeText()
  label: string;
}

export class JoinCodeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;
}

export class ResolveJoinCodeQueryDto {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  code: string;
}

export class JoinUnionQueryDto implements JoinUnionQuery {
  @ApiProperty({ example: '小店', description: 'Part of the union’s name or of a place above it' })
  @Transform(trim)
  @IsString()
  @Length(JOIN_UNION_QUERY_MIN_LENGTH, JOIN_UNION_QUERY_MAX_LENGTH, {
    message: `q must be ${JOIN_UNION_QUERY_MIN_LENGTH} to ${JOIN_UNION_QUERY_MAX_LENGTH} characters`,
  })
  q: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ default: JOIN_UNION_MAX_PAGE_SIZE, maximum: JOIN_UNION_MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(JOIN_UNION_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class ReviewApplicationsQueryDto extends PageQueryDto implements ReviewApplicationsQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ enum: OCCUPATIONS })
  @IsOptional()
  @IsIn(OCCUPATIONS)
  occupation?: Occupation;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(16)
  @Max(100)
  minAge?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(16)
  @Max(100)
  maxAge?: number;

  @ApiPropertyOptional({ description: 'Waiting at least this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  waitingDays?: number;
}

export class RejectDto implements RejectRequest {
  @ApiProperty({ example: '所填单位不在本工会覆盖范围内' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class BatchApproveDto implements BatchApproveRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_APPROVE)
  @Matches(ID_PATTERN, { each: true, message: 'each id must be an application id' })
  ids: string[];
}

export class CheckCardDto implements CheckCardRequest {
  @ApiProperty()
  @IsString()
  @Length(10, 300)
  token: string;
}

const VERIFICATIONS = Object.values(Verification);

export class MemberListQueryDto extends PageQueryDto implements MemberListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ description: 'Name prefix or member number' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 30)
  q?: string;

  @ApiPropertyOptional({ enum: OCCUPATIONS })
  @IsOptional()
  @IsIn(OCCUPATIONS)
  occupation?: Occupation;

  @ApiPropertyOptional({ enum: VERIFICATIONS })
  @IsOptional()
  @IsIn(VERIFICATIONS)
  verification?: VerificationStatus;
}
