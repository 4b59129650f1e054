import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';

import type { JobName } from './queue-names';

export const JOB_HANDLER = 'su:jobHandler';

/** A class that processes one job; it should hand the work to its area's service. Processors must be idempotent. */
export interface JobProcessor<TData = unknown, TResult = unknown> {
  process(job: Job<TData>): Promise<TResult>;
}

/** Marks a provider as the processor of `name`. Discovered by the worker at start-up. */
export const JobHandler = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER, name);
