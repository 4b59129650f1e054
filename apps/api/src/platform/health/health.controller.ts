import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ErrorCode } from '@smartunion/contracts';

import { Public } from '../auth/public.decorator';
import { DomainError } from '../errors/domain-error';
import { MetricsService } from './metrics.service';
import { MqttHealthIndicator } from './mqtt.health';
import { RedisHealthIndicator } from './redis.health';

@ApiExcludeController()
@Public()
@Controller({ version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly mqtt: MqttHealthIndicator,
    private readonly metrics: MetricsService,
  ) {}

  /** Liveness: the process answers. Never touches dependencies, so a database outage does not restart pods. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Redis answer. The MQTT connection is reported (`mqtt` in the body) but does not
   * fail readiness: without the broker only door commands fail, and taking every instance out of the load
   * balancer would stop login, joining and benefits too.
   */
  @Get('readyz')
  async readyz(): Promise<unknown> {
    let result: { status: string; info?: Record<string, unknown>; details: Record<string, unknown> };
    try {
      result = await this.health.check([
        () => this.db.pingCheck('database').withTimeout(1500),
        () => this.redis.isHealthy('redis'),
      ]);
    } catch (e) {
      const details = (e as { getResponse?: () => unknown }).getResponse?.();
      throw new DomainError(ErrorCode.ServiceUnavailable, 'Not ready', details);
    }
    const mqtt = this.mqtt.isHealthy('mqtt');
    return { ...result, info: { ...result.info, ...mqtt }, details: { ...result.details, ...mqtt } };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
