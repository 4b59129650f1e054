import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CreateFlashDropRequest,
  FLASH_DROP_STATUSES,
  type FlashDropListQuery,
  type FlashDropStatus,
  MAX_FLASH_PER_MEMBER_LIMIT,
  MAX_FLASH_STOCK,
  type Occupation,
  OCCUPATIONS,
  type UpdateFlashDropRequest,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, STRICT_ISO_8601, trim } from '../../../../platform/http/page-query.dto';
import { SafeText } from '../../../../platform/http/safe-text';

export class CreateFlashDropDto implements CreateFlashDropRequest {
  @ApiProperty({ description: 'An active coupon template inside your scope' })
  @Matches(ID_PATTERN, { message: 'templateId must be a template id' })
  templateId: string;

  @ApiProperty({ description: 'The audience org subtree, inside your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '周五午间秒杀：刀削面立减 5 元' })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  title: string;

  @ApiProperty({ minimum: 1, maximum: MAX_FLASH_STOCK })
  @IsInt()
  @Min(1)
  @Max(MAX_FLASH_STOCK)
  stock: number;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_FLASH_PER_MEMBER_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FLASH_PER_MEMBER_LIMIT)
  perMemberLimit?: number;

  @ApiProperty({ description: 'ISO 8601 with offset, in the future' })
  @IsISO8601(STRICT_ISO_8601)
  startsAt: string;

  @ApiProperty({ description: 'ISO 8601 with offset, after startsAt' })
  @IsISO8601(STRICT_ISO_8601)
  endsAt: string;

  @ApiPropertyOptional({ enum: OCCUPATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OCCUPATIONS, { each: true })
  occupations?: Occupation[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;
}

export class UpdateFlashDropDto implements UpdateFlashDropRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  title?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FLASH_STOCK })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FLASH_STOCK)
  stock?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FLASH_PER_MEMBER_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FLASH_PER_MEMBER_LIMIT)
  perMemberLimit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(STRICT_ISO_8601)
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(STRICT_ISO_8601)
  endsAt?: string;

  @ApiPropertyOptional({ enum: OCCUPATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OCCUPATIONS, { each: true })
  occupations?: Occupation[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;
}

export class FlashDropListQueryDto extends PageQueryDto implements FlashDropListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ enum: FLASH_DROP_STATUSES })
  @IsOptional()
  @IsIn(FLASH_DROP_STATUSES)
  status?: FlashDropStatus;
}
