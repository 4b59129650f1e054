import { Module } from '@nestjs/common';

import { OrgImportService } from './org-import.service';
import { OrgsController } from './orgs.controller';
import { OrgsRepository } from './orgs.repository';
import { OrgsService } from './orgs.service';

@Module({
  controllers: [OrgsController],
  providers: [OrgsService, OrgImportService, OrgsRepository],
  exports: [OrgsService, OrgImportService],
})
export class OrgsModule {}
