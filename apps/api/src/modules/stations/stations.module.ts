import { Module } from '@nestjs/common';

import { IdentityCoreModule } from '../identity/identity.module';
import { OrgsModule } from '../orgs/orgs.module';
import { StationsController } from './stations.controller';
import { StationsRepository } from './stations.repository';
import { StationsService } from './stations.service';

/** The post-station registry and search, shared by the HTTP face and (issue 4 slice 2) device jobs. */
@Module({
  imports: [IdentityCoreModule, OrgsModule],
  providers: [StationsRepository, StationsService],
  exports: [StationsService],
})
export class StationsCoreModule {}

/** Post stations: the HTTP face. */
@Module({ imports: [StationsCoreModule], controllers: [StationsController] })
export class StationsModule {}
