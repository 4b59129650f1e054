import { Injectable } from '@nestjs/common';
import type { FlashReconciliation } from '@smartunion/contracts';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../../platform/queues/job-handler';
import { JobName } from '../../../platform/queues/queue-names';
import { type PersistOutcome, FlashPersistService } from './flash-persist.service';
import { type PreheatOutcome, FlashPreheatService } from './flash-preheat.service';
import type { FlashDropJobData, FlashPreheatJobData } from './flash-scheduler';
import { type SweepOutcome, FlashSweepService } from './flash-sweep.service';

export type { FlashDropJobData, FlashPreheatJobData };

/** Delayed to the pre-heat lead before the start: audience, stock and meta into Redis. Idempotent. */
@Injectable()
@JobHandler(JobName.FlashPreheat)
export class FlashPreheatJob implements JobProcessor<FlashPreheatJobData, PreheatOutcome> {
  constructor(private readonly preheats: FlashPreheatService) {}

  process(job: Job<FlashPreheatJobData>): Promise<PreheatOutcome> {
    return this.preheats.preheat(job.data.dropId, job.data.version);
  }
}

/** Requested by the API after grants (deduplicated per drop): writes logged grants in batches. Idempotent. */
@Injectable()
@JobHandler(JobName.FlashPersist)
export class FlashPersistJob implements JobProcessor<FlashDropJobData, PersistOutcome> {
  constructor(private readonly persists: FlashPersistService) {}

  process(job: Job<FlashDropJobData>): Promise<PersistOutcome> {
    return this.persists.persist(job.data.dropId);
  }
}

/** Delayed to the end: drains, reconciles Redis with PostgreSQL, returns unsold stock. Idempotent. */
@Injectable()
@JobHandler(JobName.FlashEnd)
export class FlashEndJob implements JobProcessor<FlashDropJobData, FlashReconciliation | null> {
  constructor(private readonly persists: FlashPersistService) {}

  process(job: Job<FlashDropJobData>): Promise<FlashReconciliation | null> {
    return this.persists.end(job.data.dropId);
  }
}

/** Every minute: queues what the delayed jobs missed (see FlashSweepService). */
@Injectable()
@JobHandler(JobName.FlashSweep)
export class FlashSweepJob implements JobProcessor<Record<string, never>, SweepOutcome> {
  constructor(private readonly sweeps: FlashSweepService) {}

  process(): Promise<SweepOutcome> {
    return this.sweeps.sweep();
  }
}
