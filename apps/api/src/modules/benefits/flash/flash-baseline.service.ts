import { Injectable } from '@nestjs/common';
import type { GrabResponse } from '@smartunion/contracts';

import { CouponTemplatesRepository } from '../coupon-templates.repository';
import { FlashBaselineRepository } from './flash-baseline.repository';

/** The row-lock baseline of the benchmark (see FlashBaselineRepository). */
@Injectable()
export class FlashBaselineService {
  constructor(
    private readonly baseline: FlashBaselineRepository,
    private readonly templates: CouponTemplatesRepository,
  ) {}

  async grab(userId: string, dropId: string, precheck: boolean): Promise<GrabResponse> {
    const answer = (result: GrabResponse['result'], couponId: string | null): GrabResponse => ({
      result,
      couponId,
      remaining: null,
      now: Date.now(),
      replayed: false,
    });
    if (precheck && (await this.baseline.soldOut(dropId))) return answer('sold_out', null);
    const { result, couponId } = await this.baseline.transaction(async (m) => {
      const grabbed = await this.baseline.lockedGrab(m, userId, dropId);
      // The coupon moves from the template's reserved to issued, as a persisted grant does.
      if (grabbed.templateId) await this.templates.issueReserved(grabbed.templateId, 1, m);
      return grabbed;
    });
    return answer(result, couponId);
  }
}
