import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RosterExportQuery, RosterFormat } from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';

const FORMATS: readonly RosterFormat[] = ['csv', 'xlsx'];

/** `true`/`false` in a query string; anything else is left for @IsBoolean to refuse. */
const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class RosterImportQueryDto {
  @ApiProperty({ description: 'The org to import into (a grassroots union, or an org above unions)' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiPropertyOptional({ example: '小店骑手工会名册.xlsx' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  fileName?: string;
}

export class RosterImportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only imports into this org or below it' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;
}

export class RosterExportQueryDto implements RosterExportQuery {
  @ApiPropertyOptional({ description: 'Members of unions under this org; the whole scope when absent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ enum: FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: RosterFormat;

  @ApiPropertyOptional({
    default: false,
    description: 'Full ID numbers and mobiles (membership:export-unmasked)',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unmasked?: boolean;
}
