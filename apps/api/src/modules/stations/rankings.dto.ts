import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_RATING_COMMENT_LENGTH,
  MONTH_PATTERN,
  type MasterRankingQuery,
  STATION_RANKING_BY,
  type StationRankingBy,
  type StationRankingQuery,
  type StationRatingRequest,
  type StationReportQuery,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { PageQueryDto, trim } from '../../platform/http/page-query.dto';

const MONTH = { message: "month must be 'YYYY-MM'" };

export class MasterRankingQueryDto implements MasterRankingQuery {
  @ApiPropertyOptional({
    example: '2026-10',
    description: 'Asia/Shanghai month; defaults to the current one',
  })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH)
  month?: string;
}

export class StationRankingQueryDto extends MasterRankingQueryDto implements StationRankingQuery {
  @ApiPropertyOptional({ enum: STATION_RANKING_BY, default: 'visits' })
  @IsOptional()
  @IsIn(STATION_RANKING_BY)
  by?: StationRankingBy;
}

export class StationReportQueryDto extends PageQueryDto implements StationReportQuery {
  @ApiPropertyOptional({ example: '2026-10' })
  @IsOptional()
  @Matches(MONTH_PATTERN, MONTH)
  month?: string;
}

export class StationRatingDto implements StationRatingRequest {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional({ maxLength: MAX_RATING_COMMENT_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_RATING_COMMENT_LENGTH)
  comment?: string;
}
