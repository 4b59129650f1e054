import { type CoordSystem, type GeoPoint } from '@smartunion/contracts';
import gcoord from 'gcoord';

const CRS: Readonly<Record<CoordSystem, Parameters<typeof gcoord.transform>[1]>> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
};

function transform(point: GeoPoint, from: CoordSystem, to: CoordSystem): GeoPoint {
  if (from === to) return { lat: point.lat, lng: point.lng };
  // gcoord takes [lng, lat] and leaves points outside China unchanged for GCJ-02/BD-09, as the datum does.
  const [lng, lat] = gcoord.transform<[number, number]>([point.lng, point.lat], CRS[from], CRS[to]);
  return { lat, lng };
}

/** A point of the client's datum in WGS-84, the datum of every stored location (`stations.location`…). */
export function toWgs84(point: GeoPoint, from: CoordSystem): GeoPoint {
  return transform(point, from, 'wgs84');
}

/** A stored WGS-84 point in the datum the client asked for. */
export function fromWgs84(point: GeoPoint, to: CoordSystem): GeoPoint {
  return transform(point, 'wgs84', to);
}

/** Rounds to 6 decimals (~0.1 m), more than any phone's fix; keeps responses short. */
export function roundPoint(point: GeoPoint): GeoPoint {
  return { lat: Math.round(point.lat * 1e6) / 1e6, lng: Math.round(point.lng * 1e6) / 1e6 };
}
