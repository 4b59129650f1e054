import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { MqttHealthIndicator } from './mqtt.health';
import { RedisHealthIndicator } from './redis.health';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [MetricsService, RedisHealthIndicator, MqttHealthIndicator],
  exports: [MetricsService],
})
export class HealthModule {}
