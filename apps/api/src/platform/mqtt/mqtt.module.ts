import { type DynamicModule, Global, Module } from '@nestjs/common';

import { MQTT_PROCESS_NAME, MqttService } from './mqtt.service';

/** The process's MQTT client (MqttService), injectable everywhere. */
@Global()
@Module({})
export class MqttModule {
  static forRoot(processName: string): DynamicModule {
    return {
      module: MqttModule,
      providers: [{ provide: MQTT_PROCESS_NAME, useValue: processName }, MqttService],
      exports: [MqttService],
    };
  }
}
