/** Payloads of the station-device protocol (see station-topics.ts), and their parsers for untrusted input. */

/** API → device on `stations/<id>/door`. The device must ignore it after `expiresAt` (ISO 8601). */
export interface DoorCommand {
  cmd: 'open';
  requestId: string;
  issuedAt: string;
  expiresAt: string;
}

/** Device → API on `stations/<id>/door/ack`. */
export interface DoorAck {
  requestId: string;
  ok: boolean;
  reason?: string;
}

/** Device → API on `stations/<id>/state`: heartbeat with the current occupancy. */
export interface StateReport {
  occupancy: number;
  doorClosed?: boolean;
  at: Date;
}

/** Highest occupancy a station may report; anything above is a faulty sensor. */
export const MAX_OCCUPANCY = 10_000;

/** requestIds are idempotency keys chosen by the caller: UUIDs or similar. */
export const isRequestId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(value);

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseObject(payload: Buffer): Record<string, unknown> | undefined {
  if (payload.length > 4096) return undefined;
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function parseDoorAck(payload: Buffer): Parsed<DoorAck> {
  const o = parseObject(payload);
  if (!o) return { ok: false, error: 'not a JSON object' };
  if (!isRequestId(o.requestId)) return { ok: false, error: 'requestId missing or invalid' };
  if (typeof o.ok !== 'boolean') return { ok: false, error: 'ok must be a boolean' };
  if (o.reason !== undefined && typeof o.reason !== 'string')
    return { ok: false, error: 'reason must be a string' };
  return {
    ok: true,
    value: { requestId: o.requestId, ok: o.ok, reason: o.reason?.slice(0, 200) },
  };
}

export function parseStateReport(payload: Buffer): Parsed<StateReport> {
  const o = parseObject(payload);
  if (!o) return { ok: false, error: 'not a JSON object' };
  const { occupancy, doorClosed, at } = o;
  if (
    typeof occupancy !== 'number' ||
    !Number.isInteger(occupancy) ||
    occupancy < 0 ||
    occupancy > MAX_OCCUPANCY
  ) {
    return { ok: false, error: `occupancy must be an integer from 0 to ${MAX_OCCUPANCY}` };
  }
  if (doorClosed !== undefined && typeof doorClosed !== 'boolean') {
    return { ok: false, error: 'doorClosed must be a boolean' };
  }
  // ISO 8601 with a time and an offset, so the instant is unambiguous.
  if (
    typeof at !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(at)
  ) {
    return { ok: false, error: 'at must be an ISO 8601 timestamp with a time zone' };
  }
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return { ok: false, error: 'at is not a valid date' };
  return { ok: true, value: { occupancy, doorClosed, at: when } };
}
