import { Injectable, Logger } from '@nestjs/common';

import { WelfareAllocationsRepository } from './allocations.repository';
import { WelfareCampaignsRepository } from './campaigns.repository';

/** Member ids per allocation statement: bounds each statement's work and lock time on a 15M-member table. */
export const ALLOCATION_BATCH = 50_000;

export interface AllocationResult {
  campaignId: string;
  /** Shares newly allotted by this run (0 on a re-run with nobody new). */
  allotted: number;
  /** False when the campaign is not published or already ended: nothing to do. */
  ran: boolean;
}

/**
 * Allots the shares of a published campaign: every eligible active member gets one allocation. Idempotent and
 * safe to run concurrently (each batch is one INSERT … SELECT … ON CONFLICT DO NOTHING), so it runs on publish
 * and again every day while the campaign is published, picking up members who joined or moved in since.
 */
@Injectable()
export class WelfareAllocationService {
  private readonly logger = new Logger(WelfareAllocationService.name);

  constructor(
    private readonly campaigns: WelfareCampaignsRepository,
    private readonly allocations: WelfareAllocationsRepository,
  ) {}

  async allocate(campaignId: string, batch = ALLOCATION_BATCH): Promise<AllocationResult> {
    const c = await this.campaigns.findById(campaignId);
    if (!c || c.status !== 'published' || c.endsAt <= new Date())
      return { campaignId, allotted: 0, ran: false };
    // Region paths are read now, so an org moved since the campaign was drafted is targeted where it is.
    const targets = c.regions.length > 0 ? c.regions.map((r) => r.path) : [c.orgPath];
    const bounds = await this.allocations.memberIdBounds();
    let allotted = 0;
    if (bounds) {
      for (let from = bounds.min; from <= bounds.max; from += batch) {
        allotted += await this.allocations.allocateRange(campaignId, targets, from, from + batch);
      }
    }
    await this.allocations.markAllocated(campaignId);
    this.logger.log({ campaignId, allotted }, 'Welfare allocation ran');
    return { campaignId, allotted, ran: true };
  }

  /** The daily run: every published campaign whose window has not ended. */
  async allocateAllOpen(): Promise<AllocationResult[]> {
    const results: AllocationResult[] = [];
    for (const id of await this.campaigns.publishedUnended()) results.push(await this.allocate(id));
    return results;
  }
}
