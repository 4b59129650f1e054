import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClaimCouponRequest, MyCouponsQuery, WriteOffRequest } from '@smartunion/contracts';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

import { ID_PATTERN, PageQueryDto } from '../../../platform/http/page-query.dto';

const TABS = ['active', 'used', 'expired'] as const;

export class MyCouponsQueryDto extends PageQueryDto implements MyCouponsQuery {
  @ApiPropertyOptional({ enum: TABS, description: 'active: usable; used; expired (incl. void). Absent: all' })
  @IsOptional()
  @IsIn(TABS)
  status?: (typeof TABS)[number];
}

export class ClaimCouponDto implements ClaimCouponRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Drawn once per tap, reused on retries; or send the Idempotency-Key header',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class WriteOffDto implements WriteOffRequest {
  @ApiProperty({
    description: "The token of the member's coupon QR (as scanned), or the 8-digit counter code beside it",
  })
  @IsString()
  @Length(1, 2000)
  code: string;

  @ApiPropertyOptional({ description: 'The counter’s store (one of the merchant’s)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'storeId must be a store id' })
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Drawn once per scan, reused on retries' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}
