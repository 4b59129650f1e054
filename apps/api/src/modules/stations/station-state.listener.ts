import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { parseStateReport } from '../../platform/devices/device-messages';
import { StationTopics, stationIdOf } from '../../platform/devices/station-topics';
import { MqttService, sharedSubscription } from '../../platform/mqtt/mqtt.service';
import { StationStatesRepository } from './station-states.repository';

/**
 * The share group of the state listeners of one deployment: every worker instance joins it, so the broker hands
 * each state message to exactly one of them. Named after REDIS_PREFIX, the deployment's namespace, so test runs
 * and deployments sharing a broker do not take each other's messages.
 */
export const stateShareGroup = (config: AppConfig): string => `${config.redis.prefix}-station-state`;

/**
 * Worker-side ingestion of device heartbeats (`stations/<id>/state`) into `station_states`. Malformed, stale or
 * unknown-station messages are logged and dropped; nothing a device sends can crash the worker.
 */
@Injectable()
export class StationStateListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StationStateListener.name);
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mqtt: MqttService,
    private readonly states: StationStatesRepository,
  ) {}

  /** The subscription this listener holds: `$share/<group>/stations/+/state`. */
  get subscription(): string {
    return sharedSubscription(stateShareGroup(this.config), StationTopics.allStates);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.mqtt.subscribe(
      this.subscription,
      (topic, payload) => this.track(topic, payload),
      1,
    );
  }

  /** Stops taking messages, then lets the writes in flight finish before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private track(topic: string, payload: Buffer): Promise<void> {
    const work = this.handle(topic, payload).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  /** Handles one message; resolves whatever happens. */
  async handle(topic: string, payload: Buffer): Promise<void> {
    const stationId = stationIdOf(topic);
    if (!stationId) {
      this.logger.warn({ topic }, 'State message on an unexpected topic ignored');
      return;
    }
    const parsed = parseStateReport(payload);
    if (!parsed.ok) {
      this.logger.warn({ topic, error: parsed.error }, 'Malformed state message ignored');
      return;
    }
    try {
      const outcome = await this.states.write(stationId, parsed.value);
      if (outcome === 'stale' || outcome === 'unknown-station') {
        this.logger.warn({ topic, outcome }, 'State message ignored');
      }
    } catch (err) {
      this.logger.error({ topic, err: (err as Error).message }, 'Could not store station state');
    }
  }
}
