import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ServerTimeResponse } from '@smartunion/contracts';

import { Public } from '../../../platform/auth/public.decorator';

/** Server time for countdowns (flash drops): the device clock is not to be trusted. */
@ApiTags('time')
@Controller({ path: 'time', version: '1' })
export class TimeController {
  @Get()
  @Public()
  @ApiOkResponse({ description: '{ now }: milliseconds since the epoch' })
  now(): ServerTimeResponse {
    return { now: Date.now() };
  }
}
