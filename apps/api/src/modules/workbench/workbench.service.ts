import { Injectable } from '@nestjs/common';
import {
  EstablishmentStatus,
  MallOrderStatus,
  PatrolDueStatus,
  Permission,
  TransferStatus,
  type WorkbenchPendingResponse,
  type WorkbenchTask,
} from '@smartunion/contracts';

import type { OrgScope } from '../../platform/scope/org-scope';
import { ScopeService } from '../../platform/scope/scope.service';
import { EstablishmentsService } from '../membership/establishments.service';
import { ReviewService } from '../membership/review.service';
import { TransfersService } from '../membership/transfers.service';
import { MallOrdersService } from '../points/mall-orders.service';
import { PatrolsService } from '../stations/patrols.service';

/** A count reads one row of the queue it opens: the queue's total is the count. */
const ONE = { page: 1, pageSize: 1 } as const;

/**
 * 工作台待办: the length of each queue the caller works, read through the owning area's own listing with the
 * caller's scope for that queue's permission — so a tile never counts what its list would not show.
 */
@Injectable()
export class WorkbenchService {
  constructor(
    private readonly scopes: ScopeService,
    private readonly review: ReviewService,
    private readonly transfers: TransfersService,
    private readonly establishments: EstablishmentsService,
    private readonly patrols: PatrolsService,
    private readonly mallOrders: MallOrdersService,
  ) {}

  async pending(userId: string): Promise<WorkbenchPendingResponse> {
    const tasks: [WorkbenchTask, Permission, (scope: OrgScope) => Promise<number>][] = [
      ['joins', Permission.MembershipReview, async (s) => (await this.review.list(s, { ...ONE })).total],
      [
        'transfers',
        Permission.MembershipReview,
        async (s) => {
          const [out, into] = await Promise.all([
            this.transfers.review(s, { ...ONE, direction: 'out', status: TransferStatus.PendingOut }),
            this.transfers.review(s, { ...ONE, direction: 'in', status: TransferStatus.PendingIn }),
          ]);
          return out.total + into.total;
        },
      ],
      [
        'establishments',
        Permission.EstablishmentReview,
        async (s) =>
          (await this.establishments.review(s, { ...ONE, status: EstablishmentStatus.Pending })).total,
      ],
      [
        'patrols_due',
        Permission.StationRead,
        async (s) => (await this.patrols.due(s, { ...ONE, status: PatrolDueStatus.Due })).total,
      ],
      [
        'pickups',
        Permission.PointsManage,
        async (s) =>
          (await this.mallOrders.list(s, { ...ONE, status: MallOrderStatus.AwaitingPickup })).total,
      ],
    ];
    const scopes = new Map<Permission, Promise<OrgScope>>();
    const scopeFor = (permission: Permission): Promise<OrgScope> => {
      let scope = scopes.get(permission);
      if (!scope) scopes.set(permission, (scope = this.scopes.resolve(userId, permission)));
      return scope;
    };
    const counted = await Promise.all(
      tasks.map(async ([task, permission, count]) => {
        const scope = await scopeFor(permission);
        return scope.isEmpty ? null : ([task, await count(scope)] as const);
      }),
    );
    const counts: WorkbenchPendingResponse['counts'] = {};
    for (const entry of counted) if (entry) counts[entry[0]] = entry[1];
    return { counts };
  }
}
