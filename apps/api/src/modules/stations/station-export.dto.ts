import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  COORD_SYSTEMS,
  type CoordSystem,
  STATION_EXPORT_FORMATS,
  type StationExportFormat,
  type StationExportQuery,
} from '@smartunion/contracts';
import { IsIn, IsOptional } from 'class-validator';

export class StationExportQueryDto implements StationExportQuery {
  @ApiPropertyOptional({ enum: STATION_EXPORT_FORMATS, default: 'geojson' })
  @IsOptional()
  @IsIn(STATION_EXPORT_FORMATS)
  format?: StationExportFormat;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description: 'Datum of the coordinates' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;
}
