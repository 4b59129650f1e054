import type { CoordSystem, NearbyStationResponse, StationResponse } from '@smartunion/contracts';

import { fromWgs84, roundPoint } from './coordinates';
import { isOpenAt } from './opening-hours';
import type { NearbyRow, StationRow } from './stations.repository';

/** `names`: display names of the masters, from identity (UsersService.displayNames). */
export function toStationResponse(
  s: StationRow,
  coord: CoordSystem,
  now: Date,
  names: ReadonlyMap<string, string>,
): StationResponse {
  return {
    id: s.id,
    org: { id: s.orgId, name: s.orgName, type: s.orgType, areaCode: s.orgAreaCode },
    name: s.name,
    address: s.address,
    location: roundPoint(fromWgs84(s.location, coord)),
    coord,
    hours: s.hours,
    openNow: s.status === 'active' && isOpenAt(s.hours, now),
    capacity: s.capacity,
    amenities: s.amenities,
    level: s.level,
    photos: s.photos,
    verifiedOnly: s.verifiedOnly,
    doorRadiusMeters: s.doorRadiusMeters,
    status: s.status,
    masters: s.masterIds.map((userId) => ({ userId, displayName: names.get(userId) ?? '' })),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toNearbyResponse(s: NearbyRow, coord: CoordSystem): NearbyStationResponse {
  return {
    id: s.id,
    name: s.name,
    address: s.address,
    orgName: s.orgName,
    location: roundPoint(fromWgs84(s.location, coord)),
    coord,
    distanceMeters: Math.round(s.distance),
    hours: s.hours,
    openNow: s.openNow,
    capacity: s.capacity,
    amenities: s.amenities,
    level: s.level,
    photos: s.photos,
    verifiedOnly: s.verifiedOnly,
    occupancy: s.occupancy,
    online: s.online,
  };
}
