import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CoordSystem,
  type CreateMerchantRequest,
  type CreateStoreRequest,
  MERCHANT_STATUSES,
  type MerchantListQuery,
  type MerchantStatus,
  type NearbyStoresQuery,
  parseCreditCode,
  STORE_STATUSES,
  STORES_NEARBY_DEFAULT_LIMIT,
  STORES_NEARBY_DEFAULT_RADIUS_M,
  STORES_NEARBY_MAX_LIMIT,
  STORES_NEARBY_MAX_RADIUS_M,
  type StoreStatus,
  type UpdateMerchantRequest,
  type UpdateStoreRequest,
} from '@smartunion/contracts';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';

import {
  GeoPointDto,
  OptionalCoordSystem,
  QueryLatitude,
  QueryLongitude,
  queryNumber,
} from '../../../platform/geo/geo.dto';
import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeText } from '../../../platform/http/safe-text';

/** Mobile (13812345678) or landline with area code (0351-1234567), as the merchants table checks. */
export const PHONE_PATTERN = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** A valid GB 32100 unified social credit code. */
function IsCreditCode(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseCreditCode(value).ok,
        defaultMessage: () => 'creditCode must be a valid 18-character unified social credit code',
      },
    });
}

export class CreateMerchantDto implements CreateMerchantRequest {
  @ApiProperty({ description: 'The org that manages the merchant, inside your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '晋味刀削面馆' })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @SafeText()
  name: string;

  @ApiPropertyOptional({ example: '91140105MA0L1234X5' })
  @IsOptional()
  @Transform(upper)
  @IsCreditCode()
  creditCode?: string;

  @ApiProperty({ example: '周福来' })
  @Transform(trim)
  @IsString()
  @Length(1, 30)
  @SafeText()
  contactName: string;

  @ApiProperty({ example: '13803510001' })
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be a mobile or landline number' })
  contactPhone: string;
}

export class UpdateMerchantDto implements UpdateMerchantRequest {
  @ApiPropertyOptional({ description: 'Hand the merchant to another org inside your scope' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @SafeText()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upper)
  @IsCreditCode()
  creditCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 30)
  @SafeText()
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be a mobile or landline number' })
  contactPhone?: string;

  @ApiPropertyOptional({ enum: MERCHANT_STATUSES })
  @IsOptional()
  @IsIn(MERCHANT_STATUSES)
  status?: MerchantStatus;
}

export class CreateStoreDto implements CreateStoreRequest {
  @ApiProperty({ example: '晋味刀削面馆（亲贤街店）' })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
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

  @OptionalCoordSystem('Datum of `location`')
  coord?: CoordSystem;

  @ApiPropertyOptional({ example: '0351-7654321' })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'phone must be a mobile or landline number' })
  phone?: string;
}

export class UpdateStoreDto implements UpdateStoreRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
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

  @OptionalCoordSystem('Datum of `location`')
  coord?: CoordSystem;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'phone must be a mobile or landline number' })
  phone?: string;

  @ApiPropertyOptional({ enum: STORE_STATUSES })
  @IsOptional()
  @IsIn(STORE_STATUSES)
  status?: StoreStatus;
}

export class MerchantListQueryDto extends PageQueryDto implements MerchantListQuery {
  @ApiPropertyOptional({ description: "Merchants of this org's subtree" })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  q?: string;

  @ApiPropertyOptional({ enum: MERCHANT_STATUSES })
  @IsOptional()
  @IsIn(MERCHANT_STATUSES)
  status?: MerchantStatus;

  @OptionalCoordSystem('Datum of store locations')
  coord?: CoordSystem;
}

export class CoordQueryDto {
  @OptionalCoordSystem('Datum of store locations')
  coord?: CoordSystem;
}

export class NearbyStoresQueryDto implements NearbyStoresQuery {
  @QueryLatitude()
  lat: number;

  @QueryLongitude()
  lng: number;

  @OptionalCoordSystem('Datum of lat/lng and the answer')
  coord?: CoordSystem;

  @ApiPropertyOptional({ default: STORES_NEARBY_DEFAULT_RADIUS_M, maximum: STORES_NEARBY_MAX_RADIUS_M })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(STORES_NEARBY_MAX_RADIUS_M)
  radius?: number;

  @ApiPropertyOptional({ default: STORES_NEARBY_DEFAULT_LIMIT, maximum: STORES_NEARBY_MAX_LIMIT })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(STORES_NEARBY_MAX_LIMIT)
  limit?: number;
}
