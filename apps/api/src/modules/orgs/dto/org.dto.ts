import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AREA_CODE_PATTERN,
  type CreateOrgRequest,
  type MoveOrgRequest,
  ORG_CODE_PATTERN,
  ORG_TYPES,
  type OrgListQuery,
  type OrgType,
  type UpdateOrgRequest,
} from '@smartunion/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

import { ID_PATTERN, PageQueryDto, trim } from '../../../platform/http/page-query.dto';
import { SafeText } from '../../../platform/http/safe-text';

export class CreateOrgDto implements CreateOrgRequest {
  @ApiProperty({ example: 'SX-140105-G001' })
  @Matches(ORG_CODE_PATTERN, { message: 'code must be 2–40 letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '小店区快递行业工会联合会' })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @SafeText()
  name: string;

  @ApiProperty({ enum: ORG_TYPES })
  @IsIn(ORG_TYPES)
  type: OrgType;

  @ApiProperty({ example: '140105', description: 'GB/T 2260 area code' })
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be a six-digit GB/T 2260 code' })
  areaCode: string;

  @ApiProperty({ example: '42' })
  @Matches(ID_PATTERN, { message: 'parentId must be an org id' })
  parentId: string;
}

export class UpdateOrgDto implements UpdateOrgRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ORG_CODE_PATTERN, { message: 'code must be 2–40 letters, digits, - or _' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @SafeText()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be a six-digit GB/T 2260 code' })
  areaCode?: string;
}

export class MoveOrgDto implements MoveOrgRequest {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'newParentId must be an org id' })
  newParentId: string;

  @ApiPropertyOptional({ description: 'New area code for the org and descendants that shared its old one' })
  @IsOptional()
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be a six-digit GB/T 2260 code' })
  areaCode?: string;
}

export class OrgListQueryDto extends PageQueryDto implements OrgListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'parentId must be an org id' })
  parentId?: string;

  @ApiPropertyOptional({ enum: ORG_TYPES })
  @IsOptional()
  @IsIn(ORG_TYPES)
  type?: OrgType;

  @ApiPropertyOptional({ description: 'Name contains, or exact code' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  q?: string;
}
