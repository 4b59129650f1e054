import { Injectable } from '@nestjs/common';
import {
  businessDay,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type MallOrderListQuery,
  type MallOrderListResponse,
  type MallOrderResponse,
  MallOrderStatus,
  MallItemStatus,
  PICKUP_CODE_PATTERN,
  PointReason,
  type RedeemResponse,
  type StaffMallOrderListQuery,
  type StaffMallOrderListResponse,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { MembersService } from '../membership/members.service';
import { pathIds } from './earn-math';
import { type OrderPeople, toOrderResponse, toStaffOrderResponse } from './mall.mapper';
import { MallRepository, type OrderRow } from './mall.repository';
import { drawPickupCode } from './pickup-code';
import { PointsLedger } from './points-ledger';
import { PointsError } from './points.errors';

/** Pickup codes that find no order of the desk's scope, per desk account: as many as counter codes allow. */
export const PICKUP_MISSES_PER_DESK = 10;
export const PICKUP_MISS_WINDOW_MS = 30 * 60_000;

/** Tries at drawing a pickup code no open order holds (with 10⁸ codes a second try is already rare). */
const PICKUP_CODE_ATTEMPTS = 8;

const closed = (order: OrderRow): PointsError =>
  new PointsError(ErrorCode.MallOrderClosed, `The order is ${order.status}`, {
    status: order.status,
    fulfilledAt: order.fulfilledAt,
    cancelledAt: order.cancelledAt,
  });

/**
 * 积分兑换: redeeming, handing over (核销提货) and cancelling mall orders.
 *
 * A redemption is one transaction that first locks the member's points account — so one member's redemptions
 * run one at a time, and the limit, balance and requestId checks see everything before — then takes stock with
 * a guarded UPDATE, spends through the ledger and writes the order. Locks are always taken account first, item
 * or order after, so redemptions, cancellations and hand-overs never deadlock.
 */
@Injectable()
export class MallOrdersService {
  constructor(
    private readonly mall: MallRepository,
    private readonly ledger: PointsLedger,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** Redeems `quantity` of an item for the calling member; the same requestId answers the first order. */
  async redeem(userId: string, itemId: string, quantity: number, requestId: string): Promise<RedeemResponse> {
    const member = await this.members.requireMember(userId);
    const { orderId, balance, replayed } = await this.ledger.transaction(async (m) => {
      const account = await this.ledger.lock(m, member.id);
      const previous = await this.mall.findOrderByRequest(m, member.id, requestId);
      if (previous) {
        if (previous.itemId !== itemId || previous.quantity !== quantity) {
          throw new PointsError(ErrorCode.Conflict, 'This requestId was used for another redemption');
        }
        return { orderId: previous.id, balance: account.balance, replayed: true };
      }
      const item = await this.mall.findItem(itemId, m);
      // Items of orgs off the member's path do not exist for them.
      if (!item || !pathIds(member.orgPath).includes(item.org.id)) {
        throw new PointsError(ErrorCode.MallItemNotFound, 'No such item');
      }
      if (item.status !== MallItemStatus.Active) {
        throw new PointsError(ErrorCode.MallItemUnavailable, 'The item is not offered now');
      }
      const held = await this.mall.memberRedeemed(m, member.id, item.id);
      if (held + quantity > item.perMemberLimit) {
        throw new PointsError(ErrorCode.MallLimitReached, 'Over the per-member limit', {
          limit: item.perMemberLimit,
          held,
        });
      }
      const cost = item.costPoints * quantity;
      if (account.balance < cost) {
        throw new PointsError(ErrorCode.PointsInsufficient, 'Not enough points', {
          balance: account.balance,
          needed: cost,
        });
      }
      if (!(await this.mall.takeStock(m, item.id, quantity))) {
        throw new PointsError(ErrorCode.MallOutOfStock, 'Not enough stock left', { quantity });
      }
      const posted = await this.ledger.post(m, account, {
        memberId: member.id,
        delta: -cost,
        reason: PointReason.MallRedeem,
        sourceType: 'mall_order',
        sourceId: requestId,
        idempotencyKey: `${member.id}:${requestId}`,
        businessDay: businessDay(),
        note: `兑换 ${item.name} ×${quantity}`,
        actorUserId: userId,
      });
      let id: string | null = null;
      for (let attempt = 0; attempt < PICKUP_CODE_ATTEMPTS && !id; attempt += 1) {
        id = await this.mall.insertOrder(m, {
          itemId: item.id,
          memberId: member.id,
          userId,
          quantity,
          points: cost,
          pickupCode: drawPickupCode(),
          requestId,
          entryId: posted.entry.id,
        });
      }
      if (!id) throw new Error('No free pickup code after several draws');
      return { orderId: id, balance: posted.balance, replayed: false };
    });
    return { order: await toOrderResponse(await this.order(orderId)), balance, replayed };
  }

  async myOrders(userId: string, query: MallOrderListQuery): Promise<MallOrderListResponse> {
    const member = await this.members.requireMember(userId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.mall.listMemberOrders(
      member.id,
      query.status,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: await Promise.all(items.map((o) => toOrderResponse(o))), total, page, pageSize };
  }

  /** One of the caller's orders, with the pickup QR to show while it awaits pickup. */
  async myOrder(userId: string, orderId: string): Promise<MallOrderResponse> {
    return toOrderResponse(await this.ownOrder(userId, orderId), true);
  }

  /** The member cancels their own order before pickup: points and stock come back. */
  async cancelMine(userId: string, orderId: string): Promise<MallOrderResponse> {
    const order = await this.ownOrder(userId, orderId);
    await this.cancelOrder(order.id, order.memberId, userId, '会员本人取消');
    return toOrderResponse(await this.order(order.id));
  }

  /** Staff cancel an order of an item of the scope, with a reason the member sees. */
  async cancel(scope: OrgScope, orderId: string, reason: string): Promise<StaffMallOrderResponse> {
    const order = await this.scopedOrder(scope, orderId);
    await this.cancelOrder(order.id, order.memberId, scope.userId, reason);
    return this.staffOrder(await this.order(order.id));
  }

  async list(scope: OrgScope, query: StaffMallOrderListQuery): Promise<StaffMallOrderListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.mall.listScopedOrders(scope, {
      itemId: query.itemId,
      status: query.status,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const people = await this.peopleOf(items);
    return { items: items.map((o) => toStaffOrderResponse(o, people)), total, page, pageSize };
  }

  /** 提货: the order a member's pickup code names, for handing over at a counter of the scope. */
  async byPickupCode(scope: OrgScope, code: string): Promise<StaffMallOrderResponse> {
    if (!PICKUP_CODE_PATTERN.test(code)) {
      throw new PointsError(ErrorCode.PickupCodeInvalid, 'A pickup code is 8 digits');
    }
    // Codes that name no order of the desk's scope count against the desk: a desk cannot walk the 10⁸ codes.
    // Counted before the look-up, so parallel guesses cannot slip past together; a code that finds an order in
    // scope is forgiven.
    const misses = `mall-pickup:miss:user:${scope.userId}`;
    await this.rateLimiter.hit({
      key: misses,
      limit: PICKUP_MISSES_PER_DESK,
      windowMs: PICKUP_MISS_WINDOW_MS,
    });
    const order = await this.mall.findByCode(code);
    if (!order) throw new PointsError(ErrorCode.PickupCodeInvalid, 'No order has this pickup code');
    scope.assertCovers({ path: order.itemOrgPath }, 'This order');
    await this.rateLimiter.forgive(misses);
    return this.staffOrder(order, true);
  }

  /**
   * Hands an order over. The code the member shows must match; a repeat by the same person answers the same
   * (a double tap), anyone else meets MALL_ORDER_CLOSED.
   */
  async fulfil(scope: OrgScope, orderId: string, pickupCode: string): Promise<StaffMallOrderResponse> {
    await this.mall.transaction(async (m) => {
      const order = await this.mall.findOrder(orderId, m, true);
      if (!order) throw new PointsError(ErrorCode.MallOrderNotFound, 'No such order');
      scope.assertCovers({ path: order.itemOrgPath }, 'This order');
      if (order.pickupCode !== pickupCode) {
        throw new PointsError(ErrorCode.PickupCodeInvalid, 'The pickup code does not match the order');
      }
      if (order.status === MallOrderStatus.Fulfilled && order.fulfilledById === scope.userId) return;
      if (!(await this.mall.markFulfilled(m, order.id, scope.userId))) throw closed(order);
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'mall.order_fulfilled',
          targetType: 'mall_order',
          targetId: order.id,
          orgId: order.item.org.id,
        },
        m,
      );
    });
    return this.staffOrder(await this.order(orderId), true);
  }

  /** Cancels once: refunds through the ledger (mall_refund) and returns the stock, in one transaction. */
  private async cancelOrder(
    orderId: string,
    memberId: string,
    actorUserId: string,
    reason: string,
  ): Promise<void> {
    await this.ledger.transaction(async (m) => {
      const account = await this.ledger.lock(m, memberId);
      const order = (await this.mall.findOrder(orderId, m, true)) as OrderRow;
      if (order.status === MallOrderStatus.Cancelled) return;
      if (order.status !== MallOrderStatus.AwaitingPickup) throw closed(order);
      const refund = await this.ledger.post(m, account, {
        memberId,
        delta: order.points,
        reason: PointReason.MallRefund,
        sourceType: 'mall_refund',
        sourceId: order.id,
        idempotencyKey: order.id,
        businessDay: businessDay(),
        note: `取消兑换 ${order.item.name} ×${order.quantity}，积分退回`,
        actorUserId,
      });
      await this.mall.returnStock(m, order.itemId, order.quantity);
      if (
        !(await this.mall.markCancelled(m, order.id, {
          userId: actorUserId,
          reason,
          refundEntryId: refund.entry.id,
        }))
      ) {
        throw closed(order);
      }
      await this.audit.record(
        {
          actorUserId,
          action: 'mall.order_cancelled',
          targetType: 'mall_order',
          targetId: order.id,
          orgId: order.item.org.id,
          after: { reason, refundEntryId: refund.entry.id },
        },
        m,
      );
    });
  }

  private async ownOrder(userId: string, orderId: string): Promise<OrderRow> {
    const member = await this.members.requireMember(userId);
    const order = await this.mall.findOrder(orderId);
    if (!order || order.memberId !== member.id) {
      throw new PointsError(ErrorCode.MallOrderNotFound, 'No such order');
    }
    return order;
  }

  private async scopedOrder(scope: OrgScope, id: string): Promise<OrderRow> {
    const order = await this.mall.findOrder(id);
    if (!order) throw new PointsError(ErrorCode.MallOrderNotFound, 'No such order');
    scope.assertCovers({ path: order.itemOrgPath }, 'This order');
    return order;
  }

  private async staffOrder(order: OrderRow, showCode = false): Promise<StaffMallOrderResponse> {
    return toStaffOrderResponse(order, await this.peopleOf([order]), showCode);
  }

  /** Who ordered and who handed over, for a page of orders: one query to membership, one to identity. */
  private async peopleOf(orders: OrderRow[]): Promise<OrderPeople> {
    const [members, userNames] = await Promise.all([
      this.members.summaries(orders.map((o) => o.memberId)),
      this.users.displayNames(orders.flatMap((o) => (o.fulfilledById ? [o.fulfilledById] : []))),
    ]);
    return { members, userNames };
  }

  private async order(id: string): Promise<OrderRow> {
    return (await this.mall.findOrder(id)) as OrderRow;
  }
}
