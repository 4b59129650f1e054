import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AMENITIES,
  type Amenity,
  COORD_SYSTEMS,
  type CoordSystem,
  type CreateStationRequest,
  DEFAULT_DOOR_RADIUS_M,
  HHMM_PATTERN,
  MAX_DOOR_RADIUS_M,
  MAX_STATION_CAPACITY,
  MIN_DOOR_RADIUS_M,
  MAX_STATION_PHOTOS,
  type OpeningHours,
  STATION_LEVELS,
  STATION_STATUSES,
  type StationLevel,
  type StationListQuery,
  type StationStatus,
  type UpdateStationRequest,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { GeoPointDto } from '../../../platform/geo/geo.dto';
import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeText } from '../../../platform/http/safe-text';

export class OpeningHoursDto implements OpeningHours {
  @ApiProperty({ description: '24-hour service' })
  @IsBoolean()
  always: boolean;

  @ApiPropertyOptional({ example: '08:00', description: "Asia/Shanghai 'HH:MM'; required unless always" })
  @ValidateIf((o: OpeningHoursDto) => !o.always || o.opens !== undefined)
  @Matches(HHMM_PATTERN, { message: "opens must be 'HH:MM'" })
  opens?: string;

  @ApiPropertyOptional({
    example: '20:00',
    description: 'Before `opens` when the station closes after midnight',
  })
  @ValidateIf((o: OpeningHoursDto) => !o.always || o.closes !== undefined)
  @Matches(HHMM_PATTERN, { message: "closes must be 'HH:MM'" })
  closes?: string;
}

const DOOR_RADIUS = {
  default: DEFAULT_DOOR_RADIUS_M,
  minimum: MIN_DOOR_RADIUS_M,
  maximum: MAX_DOOR_RADIUS_M,
  description: 'Metres: members open the door (扫码开门) only this near the station',
};

const PHOTO_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateStationDto implements CreateStationRequest {
  @ApiProperty({ description: 'The owning org, any level, inside your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '小店区亲贤街户外劳动者服务站' })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  name: string;

  @ApiProperty({ example: '太原市小店区亲贤北街 88 号' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  @SafeText()
  address: string;

  @ApiProperty({ type: GeoPointDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => GeoPointDto)
  location: GeoPointDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description: 'Datum of `location`' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;

  @ApiProperty({ type: OpeningHoursDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  hours: OpeningHoursDto;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(MAX_STATION_CAPACITY)
  capacity: number;

  @ApiProperty({ enum: AMENITIES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(AMENITIES, { each: true })
  amenities: Amenity[];

  @ApiProperty({ enum: STATION_LEVELS })
  @IsIn(STATION_LEVELS)
  level: StationLevel;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(MAX_STATION_PHOTOS)
  @MaxLength(500, { each: true })
  @IsUrl(PHOTO_URL, { each: true })
  photos: string[];

  @ApiProperty()
  @IsBoolean()
  verifiedOnly: boolean;

  @ApiPropertyOptional(DOOR_RADIUS)
  @IsOptional()
  @IsInt()
  @Min(MIN_DOOR_RADIUS_M)
  @Max(MAX_DOOR_RADIUS_M)
  doorRadiusMeters?: number;
}

export class UpdateStationDto implements UpdateStationRequest {
  @ApiPropertyOptional({ description: 'Move the station to another org inside your scope' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  @SafeText()
  address?: string;

  @ApiPropertyOptional({ type: GeoPointDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  location?: GeoPointDto;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description: 'Datum of `location`' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;

  @ApiPropertyOptional({ type: OpeningHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  hours?: OpeningHoursDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_STATION_CAPACITY)
  capacity?: number;

  @ApiPropertyOptional({ enum: AMENITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(AMENITIES, { each: true })
  amenities?: Amenity[];

  @ApiPropertyOptional({ enum: STATION_LEVELS })
  @IsOptional()
  @IsIn(STATION_LEVELS)
  level?: StationLevel;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STATION_PHOTOS)
  @MaxLength(500, { each: true })
  @IsUrl(PHOTO_URL, { each: true })
  photos?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional(DOOR_RADIUS)
  @IsOptional()
  @IsInt()
  @Min(MIN_DOOR_RADIUS_M)
  @Max(MAX_DOOR_RADIUS_M)
  doorRadiusMeters?: number;

  @ApiPropertyOptional({ enum: STATION_STATUSES })
  @IsOptional()
  @IsIn(STATION_STATUSES)
  status?: StationStatus;
}

export class CoordQueryDto {
  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description: 'Datum of returned locations' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;
}

export class StationListQueryDto extends PageQueryDto implements StationListQuery {
  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  q?: string;

  @ApiPropertyOptional({ description: "Stations of this org's subtree" })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02' })
  @IsOptional()
  @IsIn(COORD_SYSTEMS)
  coord?: CoordSystem;
}
