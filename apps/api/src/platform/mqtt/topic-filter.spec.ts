import { filterOf, topicMatches } from './topic-filter';

describe('MQTT topic filters', () => {
  it('matches + and # like the broker', () => {
    expect(topicMatches('stations/+/state', 'stations/12/state')).toBe(true);
    expect(topicMatches('stations/+/state', 'stations/12/door')).toBe(false);
    expect(topicMatches('stations/+/state', 'stations/12/state/x')).toBe(false);
    expect(topicMatches('stations/+/door/ack', 'stations/12/door/ack')).toBe(true);
    expect(topicMatches('stations/#', 'stations')).toBe(true);
    expect(topicMatches('stations/#', 'stations/1/door/ack')).toBe(true);
    expect(topicMatches('#', '$SYS/broker/uptime')).toBe(false);
  });

  it('strips the shared-subscription prefix', () => {
    expect(filterOf('$share/su-station-state/stations/+/state')).toBe('stations/+/state');
    expect(filterOf('stations/+/state')).toBe('stations/+/state');
  });
});
