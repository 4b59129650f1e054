import { fromWgs84, roundPoint, toWgs84 } from './coordinates';

/** Great-circle distance in metres. */
function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

describe('coordinates', () => {
  const tiananmenWgs = { lat: 39.90923, lng: 116.397428 };
  const tiananmenGcj = { lat: 39.910652, lng: 116.403698 };

  it('shifts Tiananmen from WGS-84 to GCJ-02 as published maps do (within a few metres)', () => {
    const gcj = fromWgs84(tiananmenWgs, 'gcj02');
    expect(metres(gcj, tiananmenGcj)).toBeLessThan(5);
    // The shift itself is hundreds of metres, so the check above is not vacuous.
    expect(metres(tiananmenWgs, tiananmenGcj)).toBeGreaterThan(400);
    expect(metres(toWgs84(tiananmenGcj, 'gcj02'), tiananmenWgs)).toBeLessThan(5);
  });

  it.each([
    ['Taiyuan 小店', { lat: 37.7969, lng: 112.5651 }],
    ['Datong 平城', { lat: 40.0763, lng: 113.3001 }],
    ['Tiananmen', { lat: 39.90923, lng: 116.397428 }],
  ])('round-trips %s through gcj02 and bd09 within 1e-5°', (_, point) => {
    for (const datum of ['gcj02', 'bd09'] as const) {
      const back = toWgs84(fromWgs84(point, datum), datum);
      expect(Math.abs(back.lat - point.lat)).toBeLessThan(1e-5);
      expect(Math.abs(back.lng - point.lng)).toBeLessThan(1e-5);
      const again = fromWgs84(toWgs84(point, datum), datum);
      expect(Math.abs(again.lat - point.lat)).toBeLessThan(1e-5);
      expect(Math.abs(again.lng - point.lng)).toBeLessThan(1e-5);
    }
  });

  it('BD-09 lies further from WGS-84 than GCJ-02 does', () => {
    const bd = fromWgs84(tiananmenWgs, 'bd09');
    expect(metres(bd, tiananmenWgs)).toBeGreaterThan(metres(fromWgs84(tiananmenWgs, 'gcj02'), tiananmenWgs));
  });

  it('leaves points outside China unchanged in gcj02, and wgs84 always', () => {
    const paris = { lat: 48.8584, lng: 2.2945 };
    expect(fromWgs84(paris, 'gcj02')).toEqual(paris);
    expect(toWgs84(paris, 'gcj02')).toEqual(paris);
    expect(fromWgs84(tiananmenWgs, 'wgs84')).toEqual(tiananmenWgs);
  });

  it('rounds to six decimals', () => {
    expect(roundPoint({ lat: 37.12345678, lng: 112.98765432 })).toEqual({ lat: 37.123457, lng: 112.987654 });
  });
});
