import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CancelMallOrderRequest,
  type CreateMallItemRequest,
  type FulfilMallOrderRequest,
  MALL_ITEM_STATUSES,
  MALL_ORDER_STATUSES,
  type MallItemListQuery,
  type MallItemStatus,
  type MallOrderListQuery,
  type MallOrderStatus,
  MAX_MALL_COST_POINTS,
  MAX_MALL_STOCK,
  MAX_PER_MEMBER_LIMIT,
  MAX_REDEEM_QUANTITY,
  PICKUP_CODE_PATTERN,
  type RedeemRequest,
  type StaffMallOrderListQuery,
  type UpdateMallItemRequest,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateIf,
} from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeMultilineText, SafeText } from '../../../platform/http/safe-text';

const IMAGE_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateMallItemDto implements CreateMallItemRequest {
  @ApiProperty({ description: 'The org offering it to its subtree (inside your scope)' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ example: '不锈钢保温杯' })
  @Transform(trim)
  @IsString()
  @Length(2, 60)
  @SafeText()
  name: string;

  @ApiPropertyOptional({ example: '500ml，双层真空，骑行杯架可放' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  @SafeMultilineText()
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(500)
  @IsUrl(IMAGE_URL)
  imageUrl?: string;

  @ApiProperty({ example: 200 })
  @IsInt()
  @Min(1)
  @Max(MAX_MALL_COST_POINTS)
  costPoints: number;

  @ApiProperty({ example: 100 })
  @IsInt()
  @Min(0)
  @Max(MAX_MALL_STOCK)
  stock: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_PER_MEMBER_LIMIT)
  perMemberLimit: number;

  @ApiProperty({ example: '小店区总工会服务大厅（工作日 9:00–17:00）' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  @SafeText()
  pickup: string;
}

export class UpdateMallItemDto implements UpdateMallItemRequest {
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
  @MaxLength(500)
  @SafeMultilineText()
  description?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdateMallItemDto) => o.imageUrl !== null)
  @MaxLength(500)
  @IsUrl(IMAGE_URL)
  imageUrl?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MALL_COST_POINTS)
  costPoints?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_MEMBER_LIMIT)
  perMemberLimit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  @SafeText()
  pickup?: string;

  @ApiPropertyOptional({ enum: MALL_ITEM_STATUSES })
  @IsOptional()
  @IsIn(MALL_ITEM_STATUSES)
  status?: MallItemStatus;

  @ApiPropertyOptional({ example: 50, description: 'Units to add (or, negative, take off)' })
  @IsOptional()
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_MALL_STOCK)
  @Max(MAX_MALL_STOCK)
  stockDelta?: number;
}

export class MallItemListQueryDto extends PageQueryDto implements MallItemListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId?: string;

  @ApiPropertyOptional({ enum: MALL_ITEM_STATUSES })
  @IsOptional()
  @IsIn(MALL_ITEM_STATUSES)
  status?: MallItemStatus;
}

export class RedeemDto implements RedeemRequest {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_REDEEM_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Drawn once per tap, reused on retries' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class MallOrderListQueryDto extends PageQueryDto implements MallOrderListQuery {
  @ApiPropertyOptional({ enum: MALL_ORDER_STATUSES })
  @IsOptional()
  @IsIn(MALL_ORDER_STATUSES)
  status?: MallOrderStatus;
}

export class StaffMallOrderListQueryDto extends MallOrderListQueryDto implements StaffMallOrderListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'itemId must be an item id' })
  itemId?: string;
}

export class FulfilMallOrderDto implements FulfilMallOrderRequest {
  @ApiProperty({ example: '48213975', description: 'The 8-digit code the member shows' })
  @Matches(PICKUP_CODE_PATTERN, { message: 'pickupCode must be 8 digits' })
  pickupCode: string;
}

export class CancelMallOrderDto implements CancelMallOrderRequest {
  @ApiProperty({ example: '商品缺货，积分已退回' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  reason: string;
}
