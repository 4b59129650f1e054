import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  AMENITIES,
  type Amenity,
  type CoordSystem,
  NEARBY_DEFAULT_LIMIT,
  NEARBY_DEFAULT_RADIUS_M,
  NEARBY_MAX_LIMIT,
  NEARBY_MAX_RADIUS_M,
  type NearbyStationsQuery,
  type StationCitiesQuery,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';

import {
  OptionalCoordSystem,
  QueryLatitude,
  QueryLongitude,
  queryNumber,
} from '../../../platform/geo/geo.dto';
import { ID_PATTERN } from '../../../platform/http/page-query.dto';

/** `?amenity=water&amenity=charging` and `?amenity=water,charging` alike; anything else left for the validators. */
const amenityList = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((p) => typeof p === 'string')) return value;
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
};

/** 'true'/'1' and 'false'/'0'; anything else stays a string and fails @IsBoolean. */
const queryBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

export class NearbyStationsQueryDto implements NearbyStationsQuery {
  @QueryLatitude()
  lat: number;

  @QueryLongitude()
  lng: number;

  @OptionalCoordSystem('Datum of lat/lng and of the answer')
  coord?: CoordSystem;

  @ApiPropertyOptional({
    default: NEARBY_DEFAULT_RADIUS_M,
    maximum: NEARBY_MAX_RADIUS_M,
    description: 'Metres',
  })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(NEARBY_MAX_RADIUS_M)
  radius?: number;

  @ApiPropertyOptional({
    enum: AMENITIES,
    isArray: true,
    description: 'Stations offering all of these; repeat the parameter or use a comma list',
  })
  @IsOptional()
  @Transform(amenityList)
  @IsArray()
  @ArrayMaxSize(AMENITIES.length)
  @IsIn(AMENITIES, { each: true })
  amenity?: Amenity[];

  @ApiPropertyOptional({ description: 'Only stations open now (Asia/Shanghai)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  openNow?: boolean;

  @ApiPropertyOptional({ default: NEARBY_DEFAULT_LIMIT, maximum: NEARBY_MAX_LIMIT })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(NEARBY_MAX_LIMIT)
  limit?: number;
}

export class StationCitiesQueryDto implements StationCitiesQuery {
  @ApiPropertyOptional({ description: "An org whose province to list (the member's union)" })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @OptionalCoordSystem('Datum of the centres')
  coord?: CoordSystem;
}
