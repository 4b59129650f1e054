import type {
  CoordSystem,
  MerchantResponse,
  NearbyStoreResponse,
  StoreResponse,
} from '@smartunion/contracts';

import { fromWgs84, roundPoint } from '../../platform/geo/coordinates';
import type { MerchantRow, NearbyStoreRow, StoreRow } from './merchants.repository';

export function toStoreResponse(s: StoreRow, coord: CoordSystem): StoreResponse {
  return {
    id: s.id,
    merchantId: s.merchantId,
    name: s.name,
    address: s.address,
    location: roundPoint(fromWgs84(s.location, coord)),
    coord,
    phone: s.phone,
    status: s.status,
  };
}

/** `userNames`: display names of the merchants' counter accounts, from identity (UsersService.displayNames). */
export function toMerchantResponse(
  m: MerchantRow,
  stores: StoreRow[],
  userNames: Map<string, string>,
  coord: CoordSystem,
): MerchantResponse {
  return {
    id: m.id,
    org: { id: m.orgId, name: m.orgName, type: m.orgType, areaCode: m.orgAreaCode },
    name: m.name,
    creditCode: m.creditCode,
    contactName: m.contactName,
    contactPhone: m.contactPhone,
    status: m.status,
    stores: stores.filter((s) => s.merchantId === m.id).map((s) => toStoreResponse(s, coord)),
    users: m.userIds.flatMap((userId) => {
      const displayName = userNames.get(userId);
      return displayName === undefined ? [] : [{ userId, displayName }];
    }),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function toNearbyStoreResponse(s: NearbyStoreRow, coord: CoordSystem): NearbyStoreResponse {
  return {
    id: s.id,
    name: s.name,
    address: s.address,
    phone: s.phone,
    merchant: { id: s.merchantId, name: s.merchantName },
    location: roundPoint(fromWgs84(s.location, coord)),
    coord,
    distanceMeters: Math.round(s.distance),
  };
}
