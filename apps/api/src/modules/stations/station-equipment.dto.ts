import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EQUIPMENT_ITEMS,
  EQUIPMENT_STATUSES,
  type EquipmentItem,
  type EquipmentReportItem,
  type EquipmentReportRequest,
  type EquipmentStatus,
  MAX_EQUIPMENT_NOTE_LENGTH,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { trim } from '../../platform/http/page-query.dto';

export class EquipmentReportItemDto implements EquipmentReportItem {
  @ApiProperty({ enum: EQUIPMENT_ITEMS })
  @IsIn(EQUIPMENT_ITEMS)
  item: EquipmentItem;

  @ApiProperty({ enum: EQUIPMENT_STATUSES })
  @IsIn(EQUIPMENT_STATUSES)
  status: EquipmentStatus;

  @ApiPropertyOptional({ maxLength: MAX_EQUIPMENT_NOTE_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_EQUIPMENT_NOTE_LENGTH)
  note?: string;
}

export class EquipmentReportDto implements EquipmentReportRequest {
  @ApiProperty({
    type: [EquipmentReportItemDto],
    description: `At most one entry for each of: ${EQUIPMENT_ITEMS.join(', ')}`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EQUIPMENT_ITEMS.length)
  @ArrayUnique((c: unknown) => (typeof c === 'object' && c !== null ? (c as { item?: unknown }).item : c), {
    message: 'items must name each equipment item at most once',
  })
  @ValidateNested({ each: true })
  @Type(() => EquipmentReportItemDto)
  items: EquipmentReportItemDto[];

  @ApiPropertyOptional({ maxLength: MAX_EQUIPMENT_NOTE_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_EQUIPMENT_NOTE_LENGTH)
  note?: string;
}
