import { ApiProperty } from '@nestjs/swagger';
import {
  type AdjustPointsRequest,
  type DeleteEarnRuleQuery,
  EARN_REASONS,
  type EarnReason,
  MAX_ADJUSTMENT_POINTS,
  MAX_EARN_DAILY_CAP,
  MAX_EARN_POINTS,
  type PutEarnRuleRequest,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  NotEquals,
} from 'class-validator';

import { ID_PATTERN, trim } from '../../../platform/http/page-query.dto';

export class RulesQueryDto {
  @ApiProperty({ description: 'An org of your scope' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;
}

export class DeleteRuleQueryDto extends RulesQueryDto implements DeleteEarnRuleQuery {
  @ApiProperty({ enum: EARN_REASONS })
  @IsIn(EARN_REASONS)
  reason: EarnReason;
}

export class PutEarnRuleDto implements PutEarnRuleRequest {
  @ApiProperty({ description: 'The org setting the rule for its subtree (inside your scope)' })
  @Matches(ID_PATTERN, { message: 'orgId must be an org id' })
  orgId: string;

  @ApiProperty({ enum: EARN_REASONS })
  @IsIn(EARN_REASONS)
  reason: EarnReason;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(1)
  @Max(MAX_EARN_POINTS)
  points: number;

  @ApiProperty({ example: 10, description: 'At least `points`; the sign-in streak bonus counts against it' })
  @IsInt()
  @Min(1)
  @Max(MAX_EARN_DAILY_CAP)
  dailyCap: number;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class AdjustPointsDto implements AdjustPointsRequest {
  @ApiProperty({ description: 'A member of your scope' })
  @Matches(ID_PATTERN, { message: 'memberId must be a member id' })
  memberId: string;

  @ApiProperty({ example: 20, description: 'Non-zero; a deduction never takes the balance below 0' })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_ADJUSTMENT_POINTS)
  @Max(MAX_ADJUSTMENT_POINTS)
  delta: number;

  @ApiProperty({ example: '参加工会志愿服务补录' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  note: string;

  @ApiProperty({ format: 'uuid', description: 'Drawn once per submission, reused on retry' })
  @IsUUID()
  requestId: string;
}
