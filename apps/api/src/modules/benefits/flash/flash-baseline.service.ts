import { Injectable } from '@nestjs/common';
import type { GrabResponse } from '@smartunion/contracts';

import { FlashBaselineRepository } from './flash-baseline.repository';

/** The row-lock baseline of the benchmark (see FlashBaselineRepository). */
@Injectable()
export class FlashBaselineService {
  constructor(private readonly baseline: FlashBaselineRepository) {}

  async grab(userId: string, dropId: string, precheck: boolean): Promise<GrabResponse> {
    const { result, couponId } = await this.baseline.grab(userId, dropId, precheck);
    return { result, couponId, remaining: null, now: Date.now(), replayed: false };
  }
}
