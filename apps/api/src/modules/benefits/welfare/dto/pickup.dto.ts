import { ApiProperty } from '@nestjs/swagger';
import type { WelfarePickupRequest } from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

import { ID_PATTERN, trim } from '../../../../platform/http/page-query.dto';

export class WelfarePickupDto implements WelfarePickupRequest {
  @ApiProperty({
    description: "The token of the member's pick-up QR (as scanned), or the 8-digit counter code beside it",
  })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  code: string;

  @ApiProperty({ description: 'The station handing out the goods' })
  @Matches(ID_PATTERN, { message: 'stationId must be a station id' })
  stationId: string;
}
