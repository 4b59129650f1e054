import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connect, type MqttClient } from 'mqtt';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { filterOf, topicMatches } from './topic-filter';

/** Injection token of the process name (`api`, `worker`…) that goes into the MQTT client id. */
export const MQTT_PROCESS_NAME = Symbol('MQTT_PROCESS_NAME');

export type QoS = 0 | 1 | 2;

/** Receives every message whose topic matches the subscription's filter. Errors are logged, never thrown. */
export type MessageHandler = (topic: string, payload: Buffer) => void | Promise<void>;

/** How long start-up waits for the first connection before going on (the client keeps reconnecting). */
const FIRST_CONNECT_WAIT_MS = 3000;
/** How long shutdown lets in-flight QoS 1 messages finish before the socket is cut. */
const CLOSE_WAIT_MS = 2000;

/** A `$share/<group>/<filter>` subscription: the broker hands each message to one member of the group. */
export const sharedSubscription = (group: string, filter: string): string => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(group)) throw new Error(`Invalid share group name: ${group}`);
  return `$share/${group}/${filter}`;
};

/**
 * This process's MQTT connection. The client id is unique per process and the session is clean, so several API
 * and worker instances never take over each other's session; mqtt.js reconnects every second and re-subscribes
 * after a reconnect. Start-up waits a little for the first connection but does not fail without one (readiness
 * reports it, as for Redis).
 *
 * A message is dispatched to every handler whose subscription filter matches its topic. Do not subscribe to
 * overlapping filters from one process (say `$share/g/stations/+/state` and `stations/+/state`): the broker
 * would deliver the message once per subscription and each delivery reaches both handlers.
 */
@Injectable()
export class MqttService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MqttService.name);
  readonly clientId: string;
  private client?: MqttClient;
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MQTT_PROCESS_NAME) processName: string,
  ) {
    const host = hostname()
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 24);
    this.clientId = `smartunion-${processName}-${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  async onModuleInit(): Promise<void> {
    const { url, username, password } = this.config.mqtt;
    const client = connect(url, {
      clientId: this.clientId,
      clean: true,
      username,
      password,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      resubscribe: true,
    });
    this.client = client;
    // Without an 'error' listener an EventEmitter error would crash the process.
    client.on('error', (err) => this.logger.warn({ err: err.message }, 'MQTT error'));
    client.on('offline', () => this.logger.warn('MQTT offline; reconnecting'));
    client.on('connect', () => {
      noDelay(client);
      this.logger.log({ clientId: this.clientId }, 'MQTT connected');
    });
    client.on('message', (topic, payload) => this.dispatch(topic, payload));

    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        client.off('connect', done);
        this.logger.warn({ url: redact(url) }, 'MQTT broker not reachable yet; starting anyway');
        resolve();
      }, FIRST_CONNECT_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      client.once('connect', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    if (!client || client.disconnected) return;
    this.handlers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.endAsync(false),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!client.disconnected) await client.endAsync(true);
  }

  /** Connected to the broker right now. */
  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /**
   * Publishes `payload` (objects as JSON). With QoS 1/2 the promise settles on the broker's acknowledgement.
   * While disconnected mqtt.js queues the message and sends it after reconnecting: check `connected` first when a
   * late delivery would be wrong.
   */
  async publish(topic: string, payload: string | Buffer | object, qos: QoS = 1): Promise<void> {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    await this.requireClient().publishAsync(topic, body, { qos });
  }

  /**
   * Subscribes `handler` to `subscription` (a topic filter, or `$share/<group>/<filter>` — see
   * sharedSubscription). Resolves once the broker granted it (or at once while disconnected: the subscription is
   * sent on connect). Returns a function that removes the handler and, with the last one, the subscription.
   */
  async subscribe(subscription: string, handler: MessageHandler, qos: QoS = 1): Promise<() => Promise<void>> {
    const client = this.requireClient();
    const set = this.handlers.get(subscription) ?? new Set<MessageHandler>();
    const first = set.size === 0;
    set.add(handler);
    this.handlers.set(subscription, set);

    if (first) {
      const granted = client.subscribeAsync(subscription, { qos });
      if (client.connected) {
        try {
          const grants = await granted;
          if (grants.some((g) => g.qos === 128)) {
            throw new Error(`MQTT broker refused the subscription ${subscription}`);
          }
        } catch (err) {
          set.delete(handler);
          if (set.size === 0) this.handlers.delete(subscription);
          throw err;
        }
      } else {
        granted.catch((err: Error) =>
          this.logger.warn({ subscription, err: err.message }, 'MQTT subscribe failed'),
        );
      }
    }

    return async () => {
      const current = this.handlers.get(subscription);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(subscription);
      if (client.connected) {
        await client
          .unsubscribeAsync(subscription)
          .catch((err: Error) =>
            this.logger.warn({ subscription, err: err.message }, 'MQTT unsubscribe failed'),
          );
      }
    };
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const [subscription, handlers] of this.handlers) {
      if (!topicMatches(filterOf(subscription), topic)) continue;
      for (const handler of handlers) {
        try {
          const result = handler(topic, payload);
          if (result instanceof Promise) {
            result.catch((err: unknown) => this.handlerFailed(topic, err));
          }
        } catch (err) {
          this.handlerFailed(topic, err);
        }
      }
    }
  }

  private handlerFailed(topic: string, err: unknown): void {
    this.logger.error(
      { topic, err: err instanceof Error ? err.message : String(err) },
      'MQTT handler failed',
    );
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error('MqttService used before module init');
    return this.client;
  }
}

/**
 * Turns Nagle's algorithm off on the TCP (or TLS) socket: MQTT writes many small packets (PUBACK, then the next
 * PUBLISH) and Nagle holding the second one for the peer's delayed ACK adds ~40 ms per hop to a door round trip.
 */
function noDelay(client: MqttClient): void {
  const stream = client.stream as { setNoDelay?: (noDelay: boolean) => unknown } | undefined;
  stream?.setNoDelay?.(true);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
