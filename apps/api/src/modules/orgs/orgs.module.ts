import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { OrgEntity } from './org.entity';
import { OrgImportService } from './org-import.service';
import { OrgsController } from './orgs.controller';
import { OrgsRepository } from './orgs.repository';
import { OrgsService } from './orgs.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrgEntity])],
  controllers: [OrgsController],
  providers: [OrgsService, OrgImportService, OrgsRepository],
  exports: [OrgsService, OrgImportService],
})
export class OrgsModule {}
