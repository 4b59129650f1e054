import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateFlashDropRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type FlashDropListQuery,
  type FlashDropListResponse,
  type FlashDropResponse,
  MAX_FLASH_WINDOW_DAYS,
  type MemberFlashDropsResponse,
  type UpdateFlashDropRequest,
} from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import { AuditService } from '../../../platform/audit/audit.service';
import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import type { Db } from '../../../platform/database/sql';
import { invalid } from '../../../platform/errors/common-errors';
import type { OrgScope } from '../../../platform/scope/org-scope';
import { MembersService } from '../../membership/members.service';
import { OrgsService } from '../../orgs/orgs.service';
import { CouponTemplatesRepository } from '../coupon-templates.repository';
import { FlashError, redisDown } from './flash.errors';
import { toFlashDropResponse, toMemberFlashDrop } from './flash.mapper';
import { type DropFields, type DropRow, FlashDropsRepository } from './flash-drops.repository';
import { FlashKeys } from './flash-keys';
import { FLASH_REDIS } from './flash-redis';
import { FlashScheduler } from './flash-scheduler';

const DAY_MS = 86_400_000;

const snapshot = (f: DropFields): Record<string, unknown> => ({
  ...f,
  startsAt: f.startsAt.toISOString(),
  endsAt: f.endsAt.toISOString(),
});

/**
 * Flash drops as staff schedule them (within their scope, editable until the start) and as members see them.
 * A drop's stock is reserved from its template when it is created, and what is not sold goes back at the end.
 */
@Injectable()
export class FlashDropsService {
  constructor(
    private readonly drops: FlashDropsRepository,
    private readonly templates: CouponTemplatesRepository,
    private readonly orgs: OrgsService,
    private readonly members: MembersService,
    private readonly scheduler: FlashScheduler,
    private readonly audit: AuditService,
    @Inject(FLASH_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: OrgScope, request: CreateFlashDropRequest): Promise<FlashDropResponse> {
    const template = await this.drops.templateForDrop(request.templateId);
    if (!template) throw new FlashError(ErrorCode.CouponTemplateNotFound, 'No such coupon template');
    scope.assertCovers({ path: template.orgPath }, 'This coupon template');
    await this.orgs.get(scope, request.orgId);
    const fields = this.checkFields(
      {
        orgId: request.orgId,
        title: request.title,
        stock: request.stock,
        perMemberLimit: request.perMemberLimit ?? 1,
        startsAt: new Date(request.startsAt),
        endsAt: new Date(request.endsAt),
        occupations: request.occupations ?? [],
        verifiedOnly: request.verifiedOnly ?? false,
      },
      template.validTo,
    );
    if (template.status !== 'active') {
      throw new FlashError(ErrorCode.FlashStockUnavailable, 'The coupon template is not active');
    }
    const id = await this.drops.transaction(async (m) => {
      if (!(await this.templates.reserve(template.id, fields.stock, m))) {
        throw new FlashError(ErrorCode.FlashStockUnavailable, 'The template has not that many coupons left', {
          stock: fields.stock,
        });
      }
      const created = await this.drops.insert(template.id, fields, scope.actorUserId, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'flash_drop.created',
          targetType: 'flash_drop',
          targetId: created,
          orgId: fields.orgId,
          after: { templateId: template.id, ...snapshot(fields) },
        },
        m,
      );
      return created;
    });
    await this.scheduler.schedulePreheat(id, 1, fields.startsAt);
    return this.get(scope, id);
  }

  /** Anything but the template, until the drop starts; a changed stock is reserved or given back at once. */
  async update(scope: OrgScope, id: string, request: UpdateFlashDropRequest): Promise<FlashDropResponse> {
    if (request.orgId) await this.orgs.get(scope, request.orgId);
    const { version, before, after } = await this.drops.transaction(async (m) => {
      const current = await this.load(scope, id, m, true);
      this.assertEditable(current);
      const previous = this.fieldsOf(current);
      const next = this.checkFields(
        {
          orgId: request.orgId ?? previous.orgId,
          title: request.title ?? previous.title,
          stock: request.stock ?? previous.stock,
          perMemberLimit: request.perMemberLimit ?? previous.perMemberLimit,
          startsAt: request.startsAt ? new Date(request.startsAt) : previous.startsAt,
          endsAt: request.endsAt ? new Date(request.endsAt) : previous.endsAt,
          occupations: request.occupations ?? previous.occupations,
          verifiedOnly: request.verifiedOnly ?? previous.verifiedOnly,
        },
        current.template.validTo,
      );
      const delta = next.stock - previous.stock;
      if (delta !== 0 && !(await this.templates.reserve(current.template.id, delta, m))) {
        throw new FlashError(ErrorCode.FlashStockUnavailable, 'The template has not that many coupons left', {
          stock: next.stock,
        });
      }
      const newVersion = await this.drops.update(id, next, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'flash_drop.updated',
          targetType: 'flash_drop',
          targetId: id,
          orgId: next.orgId,
          before: snapshot(previous),
          after: snapshot(next),
        },
        m,
      );
      // Last, so a refusal rolls the edit back: Redis stops answering with the old version before it commits.
      await this.unpublish(id, 'edit');
      return { version: newVersion, before: current, after: next };
    });
    await this.scheduler.unschedule(id, before.version);
    await this.scheduler.schedulePreheat(id, version, after.startsAt);
    return this.get(scope, id);
  }

  /** Until the start: the drop never opens and its stock goes back to the template. */
  async cancel(scope: OrgScope, id: string): Promise<FlashDropResponse> {
    const version = await this.drops.transaction(async (m) => {
      const current = await this.load(scope, id, m, true);
      this.assertEditable(current);
      await this.templates.reserve(current.template.id, -current.stock, m);
      await this.drops.cancel(id, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'flash_drop.cancelled',
          targetType: 'flash_drop',
          targetId: id,
          orgId: current.orgId,
          before: snapshot(this.fieldsOf(current)),
        },
        m,
      );
      await this.unpublish(id, 'cancel');
      return current.version;
    });
    await this.scheduler.unschedule(id, version);
    return this.get(scope, id);
  }

  /** System use (seed): a coupon template of the org by title. */
  templateIdByTitle(orgId: string, title: string): Promise<string | null> {
    return this.drops.templateIdByTitle(orgId, title);
  }

  /** System use (seed): a drop of the org by title that is upcoming or running. */
  openDropIdByTitle(orgId: string, title: string): Promise<string | null> {
    return this.drops.openIdByTitle(orgId, title);
  }

  async get(scope: OrgScope, id: string): Promise<FlashDropResponse> {
    const drop = await this.load(scope, id);
    const [remaining] = await this.remaining([drop]);
    return toFlashDropResponse(drop, remaining, Date.now());
  }

  async list(scope: OrgScope, query: FlashDropListQuery): Promise<FlashDropListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const org = query.orgId ? await this.orgs.get(scope, query.orgId) : null;
    const { items, total } = await this.drops.search(scope, {
      orgPath: org?.path,
      status: query.status,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const remaining = await this.remaining(items);
    const now = Date.now();
    return {
      items: items.map((d, i) => toFlashDropResponse(d, remaining[i], now)),
      total,
      page,
      pageSize,
    };
  }

  /** The drops of the member's org and its ancestors, with what is left and the member's own coupons. */
  async forMember(userId: string): Promise<MemberFlashDropsResponse> {
    const member = await this.members.findActiveByUser(userId);
    if (!member) return { items: [], now: Date.now() };
    const drops = await this.drops.forMember(member.orgPath, member.id);
    const remaining = await this.remaining(drops);
    const now = Date.now();
    return {
      items: drops.map((d, i) =>
        toMemberFlashDrop(
          d,
          remaining[i],
          now,
          (d.occupations.length === 0 || d.occupations.includes(member.occupation)) &&
            (!d.verifiedOnly || member.verification === 'verified'),
        ),
      ),
      now,
    };
  }

  /** Coupons left: Redis' counter while a pre-heated drop runs, else what PostgreSQL holds. */
  private async remaining(drops: DropRow[]): Promise<number[]> {
    const now = Date.now();
    const live = drops.filter(
      (d) =>
        d.status === 'scheduled' && d.preheatedAt && d.startsAt.getTime() <= now && d.endsAt.getTime() > now,
    );
    const counters = new Map<string, number>();
    if (live.length > 0) {
      // One GET per drop in one pipeline: on Redis Cluster each key lives in its own drop's slot. Without
      // Redis, lists fall back to what PostgreSQL holds.
      const pipeline = this.redis.pipeline();
      for (const d of live) pipeline.get(new FlashKeys(d.id).stock);
      const replies = (await pipeline.exec().catch(() => null)) ?? [];
      live.forEach((d, i) => {
        const [err, value] = replies[i] ?? [];
        if (!err && typeof value === 'string') counters.set(d.id, Math.max(0, Number(value)));
      });
    }
    return drops.map((d) => counters.get(d.id) ?? Math.max(0, d.stock - d.granted));
  }

  private async load(scope: OrgScope, id: string, db?: Db, lock = false): Promise<DropRow> {
    const drop = await this.drops.findById(id, db, lock);
    if (!drop) throw new FlashError(ErrorCode.FlashDropNotFound, 'No such flash drop');
    scope.assertCovers({ path: drop.orgPath }, 'This flash drop');
    return drop;
  }

  private assertEditable(drop: DropRow): void {
    if (drop.status !== 'scheduled' || drop.startsAt.getTime() <= Date.now()) {
      throw new FlashError(ErrorCode.FlashDropLocked, 'The drop has started, ended or was cancelled');
    }
  }

  /** Takes the drop off sale in Redis; refused when someone got a coupon of it already. */
  private async unpublish(id: string, mode: 'edit' | 'cancel'): Promise<void> {
    const keys = new FlashKeys(id);
    const ok = await this.redis
      .flashUnpublish(
        keys.meta,
        keys.users,
        keys.stock,
        keys.audience,
        mode,
        this.config.flash.keyRetentionSeconds * 1000,
      )
      .catch((e: unknown) => {
        throw redisDown(e);
      });
    if (ok !== 1)
      throw new FlashError(ErrorCode.FlashDropLocked, 'The drop has started: coupons were granted');
  }

  private fieldsOf(d: DropRow): DropFields {
    return {
      orgId: d.orgId,
      title: d.title,
      stock: d.stock,
      perMemberLimit: d.perMemberLimit,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      occupations: d.occupations,
      verifiedOnly: d.verifiedOnly,
    };
  }

  private checkFields(f: DropFields, templateValidTo: Date): DropFields {
    const now = Date.now();
    if (f.startsAt.getTime() <= now) throw invalid('startsAt', 'must be in the future');
    if (f.endsAt.getTime() <= f.startsAt.getTime()) throw invalid('endsAt', 'must be after startsAt');
    if (f.endsAt.getTime() - f.startsAt.getTime() > MAX_FLASH_WINDOW_DAYS * DAY_MS) {
      throw invalid('endsAt', `a drop stays open at most ${MAX_FLASH_WINDOW_DAYS} days`);
    }
    if (f.startsAt.getTime() >= templateValidTo.getTime()) {
      throw invalid('startsAt', 'must be before the coupon template expires');
    }
    return f;
  }
}
