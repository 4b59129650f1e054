/**
 * Topics of station devices. A station id is the decimal id of its `stations` row; the topic layout is the
 * contract with the lock and sensor firmware (and scripts/device-simulator-core.mjs):
 *
 *   stations/<id>/door      API → device   `{ cmd: 'open', requestId, issuedAt, expiresAt }` (QoS 1)
 *   stations/<id>/door/ack  device → API   `{ requestId, ok, reason? }` (QoS 1)
 *   stations/<id>/state     device → API   `{ occupancy, doorClosed?, at }` (heartbeat, QoS 1)
 */
export const StationTopics = {
  door: (stationId: string): string => `stations/${stationId}/door`,
  doorAck: (stationId: string): string => `stations/${stationId}/door/ack`,
  state: (stationId: string): string => `stations/${stationId}/state`,
  /** Every station's acks: each API process subscribes to it (not shared), see DoorCommander. */
  allDoorAcks: 'stations/+/door/ack',
  /** Every station's state: the workers subscribe to it through one shared subscription (state ingestion). */
  allStates: 'stations/+/state',
} as const;

/** A station id as it may appear in a topic: a positive bigint in decimal. */
export const isStationId = (value: string): boolean => /^[1-9]\d{0,17}$/.test(value);

/** The station id of `stations/<id>/…`, or undefined when the topic is not a station topic. */
export function stationIdOf(topic: string): string | undefined {
  const [root, id] = topic.split('/');
  return root === 'stations' && id !== undefined && isStationId(id) ? id : undefined;
}
