import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COORD_SYSTEMS,
  type CoordSystem,
  type OpenStationDoorRequest,
  type RemoteOpenStationDoorRequest,
  type StationAttendanceRequest,
  type StationJoinCodeRequest,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { GeoPointDto, OptionalCoordSystem } from '../../../platform/geo/geo.dto';
import { ID_PATTERN, trim } from '../../../platform/http/page-query.dto';

export class OpenStationDoorDto implements OpenStationDoorRequest {
  @ApiProperty({ description: 'The token of the scanned door QR' })
  @IsString()
  @Length(1, 500)
  code: string;

  // Optional here so that a client without it hears DOOR_LOCATION_REQUIRED, not a generic validation error.
  @ApiPropertyOptional({ type: GeoPointDto, description: 'Where the member stands; required to open' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  location?: GeoPointDto;

  @OptionalCoordSystem('Datum of `location`')
  coord?: CoordSystem;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Drawn once per tap, reused on retries; or send the Idempotency-Key header',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class RemoteOpenStationDoorDto implements RemoteOpenStationDoorRequest {
  @ApiPropertyOptional({ description: 'Why the door is opened from afar, for the audit log' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  reason?: string;
}

export class StationAttendanceDto implements StationAttendanceRequest {
  @ApiProperty({ example: 37.8228 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: 112.5712 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description: 'Datum of lat/lng' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;
}

export class StationJoinCodeDto implements StationJoinCodeRequest {
  @ApiProperty({ description: 'A grassroots union inside your scope' })
  @Matches(ID_PATTERN, { message: 'unionId must be an org id' })
  unionId: string;
}
