import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COORD_SYSTEMS, type GeoPoint } from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** Decimal strings to numbers; '' or '1e3' or 'abc' stay strings and fail @IsNumber / @IsInt (Number('') is 0). */
export const queryNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d{1,12}(\.\d{1,15})?$/.test(value) ? Number(value) : value;

const FINITE = { allowNaN: false, allowInfinity: false };

/**
 * Property decorators listed top to bottom as they would be stacked on a property, applied bottom first as
 * stacked ones are — so the constraints, and the reasons of a failed field, keep their order.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}

/** A WGS-84, GCJ-02 or BD-09 point in a request body; the datum is the request's `coord`. */
export class GeoPointDto implements GeoPoint {
  @ApiProperty({ example: 37.7969 })
  @IsNumber(FINITE)
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ example: 112.5651 })
  @IsNumber(FINITE)
  @Min(-180)
  @Max(180)
  lng: number;
}

/** A required `lat` query parameter, in degrees. */
export const QueryLatitude = (): PropertyDecorator =>
  stacked(ApiProperty({ example: 37.7969 }), Transform(queryNumber), IsNumber(FINITE), Min(-90), Max(90));

/** A required `lng` query parameter, in degrees. */
export const QueryLongitude = (): PropertyDecorator =>
  stacked(ApiProperty({ example: 112.5651 }), Transform(queryNumber), IsNumber(FINITE), Min(-180), Max(180));

/** An optional `coord` (datum) field, GCJ-02 unless given; `description` says what it applies to. */
export const OptionalCoordSystem = (description: string): PropertyDecorator =>
  stacked(
    ApiPropertyOptional({ enum: COORD_SYSTEMS, default: 'gcj02', description }),
    IsOptional(),
    IsIn(COORD_SYSTEMS),
  );
