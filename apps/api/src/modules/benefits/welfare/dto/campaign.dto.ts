import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  type CreateWelfareCampaignRequest,
  MAX_WELFARE_DESCRIPTION_LENGTH,
  MAX_WELFARE_GOODS_LENGTH,
  MAX_WELFARE_QUANTITY,
  MAX_WELFARE_REGIONS,
  MAX_WELFARE_STATIONS,
  MAX_WELFARE_TITLE_LENGTH,
  MAX_WELFARE_UNIT_LENGTH,
  type Occupation,
  OCCUPATIONS,
  type UpdateWelfareCampaignRequest,
  WELFARE_CAMPAIGN_STATUSES,
  type WelfareCampaignListQuery,
  type WelfareCampaignStatus,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, STRICT_ISO_8601, trim } from '../../../../platform/http/page-query.dto';
import { SafeMultilineText, SafeText } from '../../../../platform/http/safe-text';

export class CreateWelfareCampaignDto implements CreateWelfareCampaignRequest {
  @ApiProperty({ description: 'The organising union, inside your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '2026年夏季“智送清凉”', maxLength: MAX_WELFARE_TITLE_LENGTH })
  @Transform(trim)
  @IsString()
  @Length(2, MAX_WELFARE_TITLE_LENGTH)
  @SafeText()
  title: string;

  @ApiProperty({
    example: '藿香正气水 2 盒、绿豆沙 6 罐、防晒冰袖 1 副',
    maxLength: MAX_WELFARE_GOODS_LENGTH,
  })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_WELFARE_GOODS_LENGTH)
  @SafeText()
  goods: string;

  @ApiPropertyOptional({ example: '份', default: '份', maxLength: MAX_WELFARE_UNIT_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, MAX_WELFARE_UNIT_LENGTH)
  @SafeText()
  unit?: string;

  @ApiPropertyOptional({ maxLength: MAX_WELFARE_DESCRIPTION_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_WELFARE_DESCRIPTION_LENGTH)
  @SafeMultilineText()
  description?: string;

  @ApiProperty({ minimum: 1, maximum: MAX_WELFARE_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_WELFARE_QUANTITY)
  quantityPerMember: number;

  @ApiProperty({ enum: OCCUPATIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(OCCUPATIONS, { each: true })
  occupations: Occupation[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description: 'Narrower orgs inside the organising union; empty: all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_WELFARE_REGIONS)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: 'regionOrgIds must be org ids' })
  regionOrgIds?: string[];

  @ApiProperty({ type: [String], description: 'Pick-up stations in your scope' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WELFARE_STATIONS)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: 'stationIds must be station ids' })
  stationIds: string[];

  @ApiProperty({ description: 'ISO 8601 with offset' })
  @IsISO8601(STRICT_ISO_8601)
  startsAt: string;

  @ApiProperty({ description: 'ISO 8601 with offset; after startsAt' })
  @IsISO8601(STRICT_ISO_8601)
  endsAt: string;
}

/** Drafts only: any field but the organising union. */
export class UpdateWelfareCampaignDto
  extends PartialType(OmitType(CreateWelfareCampaignDto, ['orgId'] as const))
  implements UpdateWelfareCampaignRequest {}

export class WelfareCampaignListQueryDto extends PageQueryDto implements WelfareCampaignListQuery {
  @ApiPropertyOptional({ enum: WELFARE_CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(WELFARE_CAMPAIGN_STATUSES)
  status?: WelfareCampaignStatus;
}
