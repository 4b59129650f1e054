import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CreatePatrolRequest,
  MAX_PATROL_NOTE_LENGTH,
  MAX_PATROL_NOTES_LENGTH,
  MAX_PATROL_PHOTOS,
  PATROL_DUE_DEFAULT_DAYS,
  PATROL_DUE_STATUSES,
  PATROL_ITEMS,
  type PatrolCheck,
  type PatrolDueQuery,
  type PatrolDueStatus,
  type PatrolItem,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { PageQueryDto, STRICT_ISO_8601, trim } from '../../platform/http/page-query.dto';

const PHOTO_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class PatrolCheckDto implements PatrolCheck {
  @ApiProperty({ enum: PATROL_ITEMS })
  @IsIn(PATROL_ITEMS)
  item: PatrolItem;

  @ApiProperty()
  @IsBoolean()
  passed: boolean;

  @ApiPropertyOptional({ maxLength: MAX_PATROL_NOTE_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_PATROL_NOTE_LENGTH)
  note?: string;
}

export class CreatePatrolDto implements CreatePatrolRequest {
  @ApiProperty({
    type: [PatrolCheckDto],
    description: `Exactly one entry for each of: ${PATROL_ITEMS.join(', ')}`,
  })
  @IsArray()
  @ArrayMinSize(PATROL_ITEMS.length, { message: `checklist must answer all ${PATROL_ITEMS.length} items` })
  @ArrayMaxSize(PATROL_ITEMS.length, { message: `checklist must answer all ${PATROL_ITEMS.length} items` })
  @ArrayUnique((c: unknown) => (typeof c === 'object' && c !== null ? (c as { item?: unknown }).item : c), {
    message: 'checklist must answer each item once',
  })
  @ValidateNested({ each: true })
  @Type(() => PatrolCheckDto)
  checklist: PatrolCheckDto[];

  @ApiPropertyOptional({ maxLength: MAX_PATROL_NOTES_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_PATROL_NOTES_LENGTH)
  notes?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PATROL_PHOTOS)
  @MaxLength(500, { each: true })
  @IsUrl(PHOTO_URL, { each: true })
  photoUrls?: string[];

  @ApiPropertyOptional({ description: 'ISO 8601 with offset; defaults to now' })
  @IsOptional()
  @IsISO8601(STRICT_ISO_8601)
  patrolledAt?: string;
}

export class PatrolDueQueryDto extends PageQueryDto implements PatrolDueQuery {
  @ApiPropertyOptional({ enum: PATROL_DUE_STATUSES, default: 'due' })
  @IsOptional()
  @IsIn(PATROL_DUE_STATUSES)
  status?: PatrolDueStatus;

  @ApiPropertyOptional({ default: PATROL_DUE_DEFAULT_DAYS, minimum: 0, maximum: 366 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  days?: number;
}
