import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { MqttService } from '../mqtt/mqtt.service';

@Injectable()
export class MqttHealthIndicator {
  constructor(
    private readonly mqtt: MqttService,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Up while the client holds a connection to the broker (mqtt.js pings it every keepalive). */
  isHealthy(key: 'mqtt'): HealthIndicatorResult<'mqtt'> {
    const indicator = this.health.check(key);
    return this.mqtt.connected
      ? indicator.up({ clientId: this.mqtt.clientId })
      : indicator.down({ message: 'not connected to the MQTT broker' });
  }
}
