import { Global, Module } from '@nestjs/common';

import { DoorCommander } from './door-commander';
import { StateListener } from './state-listener';
import { StationStateWriter } from './station-state-writer';

/**
 * Station devices over MQTT, for every process: DoorCommander (open a door, wait for the ack) and
 * StationStateWriter (station_states SQL). DoorCommander subscribes to acks on its first use only, so processes
 * that never open doors hold no ack subscription.
 */
@Global()
@Module({
  providers: [DoorCommander, StationStateWriter],
  exports: [DoorCommander, StationStateWriter],
})
export class DevicesModule {}

/** The worker's ingestion of device heartbeats into station_states (see StateListener). Worker only. */
@Module({ providers: [StateListener] })
export class DeviceStateIngestionModule {}
