import {
  type MallItemResponse,
  type MallOrderResponse,
  MallItemStatus,
  MallOrderStatus,
  maskName,
  MAX_REDEEM_QUANTITY,
  type MemberMallItemResponse,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import type { MallItemRow, MemberItemRow, OrderRow } from './mall.repository';
import { maskPickupCode, pickupQr } from './pickup-code';

export function toItemResponse(i: MallItemRow): MallItemResponse {
  return {
    id: i.id,
    org: i.org,
    name: i.name,
    description: i.description,
    imageUrl: i.imageUrl,
    costPoints: i.costPoints,
    stock: i.stock,
    perMemberLimit: i.perMemberLimit,
    pickup: i.pickup,
    status: i.status,
    redeemedCount: i.redeemedCount,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** Most of an item the member may redeem now: within their limit, the stock and one order's maximum. */
export function canRedeem(i: MemberItemRow): number {
  if (i.status !== MallItemStatus.Active) return 0;
  return Math.max(0, Math.min(i.perMemberLimit - i.myRedeemed, i.stock, MAX_REDEEM_QUANTITY));
}

export function toMemberItemResponse(i: MemberItemRow): MemberMallItemResponse {
  return { ...toItemResponse(i), myRedeemed: i.myRedeemed, canRedeem: canRedeem(i) };
}

/** A member's own order; with `withQr`, the pickup QR while it awaits pickup. */
export async function toOrderResponse(o: OrderRow, withQr = false): Promise<MallOrderResponse> {
  return {
    id: o.id,
    item: o.item,
    quantity: o.quantity,
    points: o.points,
    status: o.status,
    pickupCode: o.pickupCode,
    pickupQrDataUrl:
      withQr && o.status === MallOrderStatus.AwaitingPickup ? await pickupQr(o.pickupCode) : null,
    createdAt: o.createdAt.toISOString(),
    fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
  };
}

/** The people of a page of orders, read from their owners: members by id, users' display names by id. */
export interface OrderPeople {
  members: Map<string, { memberNo: string; name: string }>;
  userNames: Map<string, string>;
}

/** An order as staff see it: the member's name masked, the code masked unless the caller typed it in. */
export function toStaffOrderResponse(
  o: OrderRow,
  people: OrderPeople,
  showCode = false,
): StaffMallOrderResponse {
  const member = people.members.get(o.memberId);
  const fulfilledBy = o.fulfilledById ? people.userNames.get(o.fulfilledById) : undefined;
  return {
    id: o.id,
    item: o.item,
    quantity: o.quantity,
    points: o.points,
    status: o.status,
    pickupCode: showCode ? o.pickupCode : maskPickupCode(o.pickupCode),
    createdAt: o.createdAt.toISOString(),
    fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    member: { id: o.memberId, memberNo: member?.memberNo ?? '', name: member ? maskName(member.name) : '' },
    fulfilledBy:
      o.fulfilledById && fulfilledBy !== undefined
        ? { userId: o.fulfilledById, displayName: fulfilledBy }
        : null,
  };
}
