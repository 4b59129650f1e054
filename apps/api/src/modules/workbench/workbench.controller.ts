import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission, type WorkbenchPendingResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../platform/auth/auth-user';
import { Caller } from '../../platform/auth/caller.decorator';
import { Authorize } from '../../platform/scope/authorize.decorator';
import { WorkbenchService } from './workbench.service';

@ApiTags('workbench')
@Controller({ path: 'workbench', version: '1' })
export class WorkbenchController {
  constructor(private readonly workbench: WorkbenchService) {}

  /** What waits for the caller in each queue they work: the home page's and the workbench's pending counts. */
  @Get('pending')
  @Authorize(Permission.WorkbenchAccess)
  pending(@Caller() caller: AuthUser): Promise<WorkbenchPendingResponse> {
    return this.workbench.pending(caller.userId);
  }
}
