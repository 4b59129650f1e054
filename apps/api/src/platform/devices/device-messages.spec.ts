import { parseDoorAck, parseStateReport } from './device-messages';

const buf = (value: unknown): Buffer =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('device messages', () => {
  it('parses a state report and rejects malformed ones with a reason', () => {
    const at = '2026-11-24T08:00:00.000Z';
    expect(parseStateReport(buf({ occupancy: 3, doorClosed: true, at }))).toEqual({
      ok: true,
      value: { occupancy: 3, doorClosed: true, at: new Date(at) },
    });
    expect(parseStateReport(buf({ occupancy: 0, at: '2026-11-24T16:00:00+08:00' }))).toMatchObject({
      ok: true,
    });
    for (const bad of [
      'not json',
      '[1]',
      'null',
      { occupancy: -1, at },
      { occupancy: 1.5, at },
      { occupancy: '3', at },
      { occupancy: 100_000, at },
      { occupancy: 1, at: '2026-11-24' },
      { occupancy: 1, at: '2026-13-45T99:00:00Z' },
      { occupancy: 1, doorClosed: 'yes', at },
      { occupancy: 1 },
    ]) {
      expect(parseStateReport(buf(bad))).toMatchObject({ ok: false, error: expect.any(String) as string });
    }
    expect(parseStateReport(Buffer.alloc(5000, 32))).toMatchObject({ ok: false });
  });

  it('parses a door ack', () => {
    expect(parseDoorAck(buf({ requestId: 'r-1', ok: false, reason: 'refused' }))).toEqual({
      ok: true,
      value: { requestId: 'r-1', ok: false, reason: 'refused' },
    });
    expect(parseDoorAck(buf({ requestId: 'r-1', ok: 'true' }))).toMatchObject({ ok: false });
    expect(parseDoorAck(buf({ requestId: 'has space', ok: true }))).toMatchObject({ ok: false });
    expect(parseDoorAck(buf({ ok: true }))).toMatchObject({ ok: false });
  });
});
