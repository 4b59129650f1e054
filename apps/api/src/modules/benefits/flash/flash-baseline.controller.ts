import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { GrabResponse } from '@smartunion/contracts';

import type { AuthUser } from '../../../platform/auth/auth-user';
import { Caller } from '../../../platform/auth/caller.decorator';
import { IdParamPipe } from '../../../platform/http/id-param.pipe';
import { FlashBaselineService } from './flash-baseline.service';

/** The row-lock grabs bench/flash-sale.mjs compares; mounted only through FlashBenchBaselineModule. */
@ApiExcludeController()
@Controller({ path: 'benefits/flash-drops', version: '1' })
export class FlashBaselineController {
  constructor(private readonly baseline: FlashBaselineService) {}

  /** Plain: every grab takes the drop's row lock. */
  @Post(':id/grab-rowlock')
  @HttpCode(200)
  grab(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<GrabResponse> {
    return this.baseline.grab(caller.userId, id, false);
  }

  /** With an unlocked look at the stock first: sold-out grabs skip the lock. */
  @Post(':id/grab-rowlock-precheck')
  @HttpCode(200)
  grabPrechecked(@Caller() caller: AuthUser, @Param('id', IdParamPipe) id: string): Promise<GrabResponse> {
    return this.baseline.grab(caller.userId, id, true);
  }
}
