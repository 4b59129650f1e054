import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_SIZE } from '@smartunion/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A bigint id as a string, in bodies and queries (path segments use IdParamPipe). */
export const ID_PATTERN = /^[1-9]\d{0,17}$/;

/** `IsISO8601` options for timestamps in bodies and queries: a valid calendar date, 'T' before the time. */
export const STRICT_ISO_8601 = { strict: true, strictSeparator: true };

/** class-transformer helper: trims strings, leaves anything else for the validators to refuse. */
export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** `page` and `pageSize` of every paged list; extend it for the list's own filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
