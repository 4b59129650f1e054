import { performance } from 'node:perf_hooks';

import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MqttService } from '../mqtt/mqtt.service';
import { type DoorCommand, isRequestId, parseDoorAck } from './device-messages';
import { isStationId, StationTopics, stationIdOf } from './station-topics';

/**
 * `timeout`: no ack within DOOR_ACK_TIMEOUT_MS (the command has expired too, so the door will not open late);
 * `rejected`: the device answered no (`detail` carries its reason);
 * `unavailable`: the command was not sent — the broker is unreachable or this process is shutting down.
 */
export type DoorOpenResult =
  | { ok: true; latencyMs: number }
  | { ok: false; reason: 'timeout' | 'rejected' | 'unavailable'; detail?: string };

export interface DoorOpenRequest {
  /** Idempotency key of the visit (what the device echoes in its ack). */
  requestId: string;
  /** Who the door opens for; logged only, never sent to the device. */
  memberRef: string;
}

interface Pending {
  stationId: string;
  memberRef: string;
  startedAt: number;
  timer: NodeJS.Timeout;
  promise: Promise<DoorOpenResult>;
  settle: (result: DoorOpenResult) => void;
}

/** How long a timed-out requestId is remembered, to recognise (and log) an ack arriving after the timeout. */
const LATE_ACK_MEMORY_MS = 60_000;
const LATE_ACK_MEMORY_MAX = 10_000;

/**
 * Opens station doors over MQTT and waits for the lock's acknowledgement.
 *
 * Several API instances run behind a load balancer and any of them may send a command, so every instance
 * subscribes (normally, not shared) to `stations/+/door/ack` and keeps the promises of the commands *it* sent in
 * a process-local map keyed by requestId; acks of other instances' commands are ignored. The map only holds
 * request-scoped waits (at most DOOR_ACK_TIMEOUT_MS each) — no state other processes need to agree on.
 *
 * The command carries `expiresAt = issuedAt + DOOR_ACK_TIMEOUT_MS` and devices ignore it after that, so once
 * open() has answered `timeout` a late delivery cannot open the door for nobody (up to clock skew between the
 * API and the device).
 */
@Injectable()
export class DoorCommander implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DoorCommander.name);
  private readonly pending = new Map<string, Pending>();
  private readonly timedOut = new Map<string, number>();
  private ackSubscription?: Promise<unknown>;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mqtt: MqttService,
  ) {}

  /**
   * Sends an open command to the station's lock and resolves with the outcome; never rejects for device or
   * broker trouble and never waits longer than DOOR_ACK_TIMEOUT_MS (plus the ack subscription on first use).
   * Calling it again with a requestId still in flight returns the same promise instead of sending twice.
   */
  async open(stationId: string, { requestId, memberRef }: DoorOpenRequest): Promise<DoorOpenResult> {
    if (!isStationId(stationId)) throw new TypeError(`Invalid station id: ${stationId}`);
    if (!isRequestId(requestId)) throw new TypeError(`Invalid requestId: ${String(requestId)}`);
    const inFlight = this.pending.get(requestId);
    if (inFlight) return inFlight.promise;

    if (this.closing) return { ok: false, reason: 'unavailable', detail: 'shutting down' };
    if (!this.mqtt.connected) return { ok: false, reason: 'unavailable', detail: 'MQTT broker unreachable' };
    try {
      await this.subscribeToAcks();
    } catch (err) {
      return {
        ok: false,
        reason: 'unavailable',
        detail: `ack subscription failed: ${(err as Error).message}`,
      };
    }
    // Another call with the same requestId may have started while this one awaited the subscription.
    const raced = this.pending.get(requestId);
    if (raced) return raced.promise;

    const timeoutMs = this.config.devices.doorAckTimeoutMs;
    const issuedAt = new Date();
    const command: DoorCommand = {
      cmd: 'open',
      requestId,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + timeoutMs).toISOString(),
    };

    let settle!: (result: DoorOpenResult) => void;
    const promise = new Promise<DoorOpenResult>((resolve) => {
      settle = resolve;
    });
    const entry: Pending = {
      stationId,
      memberRef,
      startedAt: performance.now(),
      promise,
      settle,
      timer: setTimeout(() => {
        this.rememberTimedOut(requestId);
        this.finish(requestId, {
          ok: false,
          reason: 'timeout',
          detail: `no acknowledgement from the door within ${timeoutMs} ms`,
        });
      }, timeoutMs),
    };
    this.pending.set(requestId, entry);

    this.mqtt.publish(StationTopics.door(stationId), command, 1).catch((err: Error) =>
      this.finish(requestId, {
        ok: false,
        reason: 'unavailable',
        detail: `publish failed: ${err.message}`,
      }),
    );
    return promise;
  }

  /** Waits for the opens in flight (each ends within DOOR_ACK_TIMEOUT_MS) while the MQTT client is still up. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.pending.values()].map((p) => p.promise));
  }

  private subscribeToAcks(): Promise<unknown> {
    this.ackSubscription ??= this.mqtt
      .subscribe(StationTopics.allDoorAcks, (topic, payload) => this.onAck(topic, payload), 1)
      .catch((err: unknown) => {
        this.ackSubscription = undefined;
        throw err;
      });
    return this.ackSubscription;
  }

  private onAck(topic: string, payload: Buffer): void {
    const parsed = parseDoorAck(payload);
    if (!parsed.ok) {
      this.logger.warn({ topic, error: parsed.error }, 'Malformed door ack ignored');
      return;
    }
    const { requestId, ok, reason } = parsed.value;
    const entry = this.pending.get(requestId);
    if (!entry) {
      if (this.timedOut.has(requestId)) {
        // The visit was already reported failed; an `ok` here means the door may have opened after all.
        this.logger.warn({ topic, requestId, ok, reason }, 'Door ack arrived after the timeout');
      }
      return; // Otherwise: another API instance's command.
    }
    if (stationIdOf(topic) !== entry.stationId) {
      this.logger.warn(
        { topic, requestId, expected: entry.stationId },
        'Door ack from the wrong station ignored',
      );
      return;
    }
    this.finish(
      requestId,
      ok
        ? { ok: true, latencyMs: Math.round((performance.now() - entry.startedAt) * 100) / 100 }
        : { ok: false, reason: 'rejected', detail: reason },
    );
  }

  private finish(requestId: string, result: DoorOpenResult): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(requestId);
    const log = { stationId: entry.stationId, requestId, memberRef: entry.memberRef, ...result };
    if (result.ok) this.logger.debug(log, 'Door opened');
    else this.logger.warn(log, 'Door did not open');
    entry.settle(result);
  }

  private rememberTimedOut(requestId: string): void {
    const now = Date.now();
    for (const [id, at] of this.timedOut) {
      if (now - at < LATE_ACK_MEMORY_MS && this.timedOut.size < LATE_ACK_MEMORY_MAX) break;
      this.timedOut.delete(id);
    }
    this.timedOut.set(requestId, now);
  }
}
