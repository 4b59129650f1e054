import { Global, Module } from '@nestjs/common';

import { DoorCommander } from './door-commander';

/**
 * Station devices over MQTT, for every process: DoorCommander (open a door, wait for the ack). It subscribes to
 * acks on its first use only, so processes that never open doors hold no ack subscription. State reports are
 * parsed here (device-messages.ts) and stored by the area that owns them.
 */
@Global()
@Module({
  providers: [DoorCommander],
  exports: [DoorCommander],
})
export class DevicesModule {}
