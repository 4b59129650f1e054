import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COUPON_KINDS,
  COUPON_TEMPLATE_STATUSES,
  type CouponKind,
  type CouponTemplateListQuery,
  type CouponTemplateStatus,
  type CreateCouponTemplateRequest,
  MAX_COUPON_STOCK,
  MAX_COUPON_PER_MEMBER_LIMIT,
  MAX_VALID_DAYS_AFTER_CLAIM,
  type Occupation,
  OCCUPATIONS,
  type UpdateCouponTemplateRequest,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
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
  ValidateIf,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, STRICT_ISO_8601, trim } from '../../../platform/http/page-query.dto';
import { SafeMultilineText, SafeText } from '../../../platform/http/safe-text';

/** ¥10,000: no coupon is worth more (a typo in fen otherwise turns ¥10 into ¥1,000). */
export const MAX_AMOUNT_CENTS = 1_000_000;

export class CreateCouponTemplateDto implements CreateCouponTemplateRequest {
  @ApiProperty({ description: 'A merchant inside your scope' })
  @Matches(ID_PATTERN, { message: 'merchantId must be a merchant id' })
  merchantId: string;

  @ApiProperty({ description: 'The audience org subtree, inside your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '刀削面立减 5 元' })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  title: string;

  @ApiPropertyOptional({ example: '堂食外带均可，每单限用一张' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @SafeMultilineText()
  description?: string;

  @ApiProperty({ enum: COUPON_KINDS })
  @IsIn(COUPON_KINDS)
  kind: CouponKind;

  @ApiPropertyOptional({ description: 'amount_off only, in fen', maximum: MAX_AMOUNT_CENTS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountOffCents?: number;

  @ApiPropertyOptional({ description: 'discount only: pay this percentage (85 = 8.5 折)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  discountPercent?: number;

  @ApiPropertyOptional({ description: 'free_item only', example: '普通洗车一次' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  @SafeText()
  itemName?: string;

  @ApiPropertyOptional({ default: 0, description: 'In fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS * 10)
  minSpendCents?: number;

  @ApiProperty({ example: '2026-01-01T00:00:00+08:00' })
  @IsISO8601(STRICT_ISO_8601)
  validFrom: string;

  @ApiProperty({ example: '2026-12-31T23:59:59+08:00' })
  @IsISO8601(STRICT_ISO_8601)
  validTo: string;

  @ApiPropertyOptional({ nullable: true, maximum: MAX_VALID_DAYS_AFTER_CLAIM })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_VALID_DAYS_AFTER_CLAIM)
  validDaysAfterClaim?: number | null;

  @ApiPropertyOptional({ default: 1, maximum: MAX_COUPON_PER_MEMBER_LIMIT })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_COUPON_PER_MEMBER_LIMIT)
  perMemberLimit?: number;

  @ApiProperty({ maximum: MAX_COUPON_STOCK })
  @IsInt()
  @Min(1)
  @Max(MAX_COUPON_STOCK)
  totalStock: number;

  @ApiPropertyOptional({ enum: OCCUPATIONS, isArray: true, description: 'Empty: every occupation' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OCCUPATIONS, { each: true })
  occupations?: Occupation[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional({ default: true, description: 'false: only through flash drops and campaigns' })
  @IsOptional()
  @IsBoolean()
  claimable?: boolean;
}

export class UpdateCouponTemplateDto implements UpdateCouponTemplateRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @SafeMultilineText()
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(STRICT_ISO_8601)
  validFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601(STRICT_ISO_8601)
  validTo?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_VALID_DAYS_AFTER_CLAIM)
  validDaysAfterClaim?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_COUPON_PER_MEMBER_LIMIT)
  perMemberLimit?: number;

  @ApiPropertyOptional({ description: 'Never below issued + reserved' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_COUPON_STOCK)
  totalStock?: number;

  @ApiPropertyOptional({
    description: 'Raise the stock by this many (under the row lock); not with totalStock',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_COUPON_STOCK)
  addStock?: number;

  @ApiPropertyOptional({ enum: OCCUPATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OCCUPATIONS, { each: true })
  occupations?: Occupation[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  verifiedOnly?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  claimable?: boolean;

  @ApiPropertyOptional({ enum: COUPON_TEMPLATE_STATUSES, description: 'ended is final' })
  @IsOptional()
  @IsIn(COUPON_TEMPLATE_STATUSES)
  status?: CouponTemplateStatus;
}

export class CouponTemplateListQueryDto extends PageQueryDto implements CouponTemplateListQuery {
  @ApiPropertyOptional({ description: "Templates of this org's subtree" })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'merchantId must be a merchant id' })
  merchantId?: string;

  @ApiPropertyOptional({ enum: COUPON_TEMPLATE_STATUSES })
  @IsOptional()
  @IsIn(COUPON_TEMPLATE_STATUSES)
  status?: CouponTemplateStatus;
}
