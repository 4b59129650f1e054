import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FlashConflict, FlashReconciliation } from '@smartunion/contracts';
import type { Redis } from 'ioredis';
import type { EntityManager } from 'typeorm';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { CouponTemplatesRepository } from '../coupon-templates.repository';
import { type DropCoupon, FlashDropsRepository, type Grant } from './flash-drops.repository';
import { FlashKeys } from './flash-keys';
import { FLASH_REDIS } from './flash-redis';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_PAGE = 5_000;
const REPORTED_CONFLICTS = 100;
/** A drop's meta (its "ended" mark) outlives its other keys, so late grabs still hear "ended". */
const META_RETENTION_FACTOR = 30;

/** One entry of the grants log, or null when it is not one (a Redis fault, or someone wrote there). */
export function parseGrant(entry: string): Grant | null {
  const [couponId, userId, seq, slot, at] = entry.split('|');
  const grant = { couponId, userId, seq: Number(seq), slot: Number(slot), grantedAtMs: Number(at) };
  const ok =
    UUID.test(couponId ?? '') &&
    UUID.test(userId ?? '') &&
    Number.isInteger(grant.seq) &&
    Number.isInteger(grant.slot) &&
    grant.seq >= 1 &&
    grant.seq <= 32767 &&
    grant.slot >= 1 &&
    grant.slot <= 2_147_483_647 &&
    Number.isFinite(grant.grantedAtMs);
  return ok ? grant : null;
}

export interface PersistOutcome {
  read: number;
  inserted: number;
}

/**
 * Moves grants from Redis to PostgreSQL, and closes a drop's books at its end.
 *
 * The grab script appends every grant to the drop's grants log; a cursor next to it says how far PostgreSQL
 * has it. A persist run locks the drop's row (runs of one drop take turns), reads the next batch after the
 * cursor, writes it with one INSERT … SELECT … ON CONFLICT DO NOTHING, commits, and only then moves the cursor:
 * a crash in between writes the batch again, which the constraints turn into nothing. Nothing is popped, so
 * nothing is lost between reading and committing, and the end job can compare the whole log with the database.
 */
@Injectable()
export class FlashPersistService {
  private readonly logger = new Logger(FlashPersistService.name);

  constructor(
    private readonly drops: FlashDropsRepository,
    private readonly templates: CouponTemplatesRepository,
    @Inject(FLASH_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Writes every grant logged so far. Idempotent. */
  async persist(dropId: string): Promise<PersistOutcome> {
    const keys = new FlashKeys(dropId);
    const batch = this.config.flash.persistBatch;
    const total: PersistOutcome = { read: 0, inserted: 0 };
    for (;;) {
      const step = await this.drops.transaction(async (m) => {
        const drop = await this.drops.lockForPersist(dropId, m);
        if (!drop || drop.status === 'cancelled') return null;
        const [cursorText, length] = await Promise.all([
          this.redis.get(keys.persisted),
          this.redis.llen(keys.grants),
        ]);
        // A log shorter than the cursor was lost and begun anew: start over (what was written stays written).
        const saved = Number(cursorText ?? 0) || 0;
        const cursor = saved <= length ? saved : 0;
        const entries = await this.redis.lrange(keys.grants, cursor, cursor + batch - 1);
        if (entries.length === 0) return null;
        const grants = entries.map(parseGrant).filter((g): g is Grant => g !== null);
        if (grants.length < entries.length) {
          this.logger.error(
            { dropId, bad: entries.length - grants.length },
            'Unreadable entries in a grants log',
          );
        }
        const inserted = await this.writeGrants(dropId, drop.templateId, grants, m);
        return { cursor: cursor + entries.length, read: entries.length, inserted: inserted.length };
      });
      if (!step) break;
      await this.redis.set(keys.persisted, step.cursor);
      total.read += step.read;
      total.inserted += step.inserted;
      if (step.read < batch) break;
    }
    return total;
  }

  /**
   * The end of a drop: closes it in Redis (grabs answer "ended" from now on), writes what the persist queue
   * has not, compares every Redis grant with the database — writing any still missing and reporting those the
   * constraints refused — gives the unsold coupons back to the template and stores the report. The keys expire
   * later. Idempotent: a drop reconciled already keeps its first report.
   */
  async end(dropId: string): Promise<FlashReconciliation | null> {
    const drop = await this.drops.findById(dropId);
    if (!drop || drop.status === 'cancelled') return null;
    if (drop.status === 'reconciled') return drop.reconciliation;
    // An older version's end job, the end having moved later: the current version's job will come.
    if (drop.endsAt.getTime() > Date.now()) return null;

    const keys = new FlashKeys(dropId);
    await this.redis.hset(keys.meta, 'x', 'e');
    await this.drops.markEnded(dropId);
    await this.persist(dropId);

    const logged = await this.readLog(keys);
    let coupons = await this.drops.couponsOfDrop(dropId);
    const stored = new Set(coupons.map((c) => c.id));
    const missing = logged.filter((g) => !stored.has(g.couponId));
    let inserted = 0;
    if (missing.length > 0) {
      inserted = (
        await this.drops.transaction(async (m) => {
          const locked = await this.drops.lockForPersist(dropId, m);
          return locked ? this.writeGrants(dropId, locked.templateId, missing, m) : [];
        })
      ).length;
      coupons = await this.drops.couponsOfDrop(dropId);
    }
    const conflicts = await this.conflictsOf(logged, coupons, drop);
    const inRedis = new Set(logged.map((g) => g.couponId));
    const missingInRedis = coupons.filter((c) => !inRedis.has(c.id)).length;

    const report = await this.drops.transaction(async (m) => {
      const closed = await this.drops.finishReconciliation(
        dropId,
        (granted, stock): FlashReconciliation => ({
          redisGrants: logged.length,
          databaseCoupons: granted,
          inserted,
          conflictCount: conflicts.length,
          conflicts: conflicts.slice(0, REPORTED_CONFLICTS),
          missingInRedis,
          returned: stock - granted,
        }),
        m,
      );
      // The unsold coupons go back to the template, in the transaction that closes the books.
      if (closed) await this.templates.reserve(closed.templateId, -closed.report.returned, m);
      return closed?.report ?? null;
    });
    if (conflicts.length > 0 || missingInRedis > 0) {
      this.logger.warn(
        { dropId, conflicts: conflicts.length, missingInRedis },
        'Flash drop reconciled with differences between Redis and PostgreSQL',
      );
    }
    await this.expireKeys(keys);
    return report ?? (await this.drops.findById(dropId))?.reconciliation ?? null;
  }

  /** Writes grants as coupons and moves as many of the template's coupons from reserved to issued. */
  private async writeGrants(
    dropId: string,
    templateId: string,
    grants: Grant[],
    m: EntityManager,
  ): Promise<string[]> {
    const inserted = await this.drops.insertGrants(dropId, grants, m);
    if (inserted.length > 0) await this.templates.issueReserved(templateId, inserted.length, m);
    return inserted;
  }

  private async readLog(keys: FlashKeys): Promise<Grant[]> {
    const grants: Grant[] = [];
    for (let start = 0; ; start += LOG_PAGE) {
      const page = await this.redis.lrange(keys.grants, start, start + LOG_PAGE - 1);
      for (const entry of page) {
        const grant = parseGrant(entry);
        if (grant) grants.push(grant);
      }
      if (page.length < LOG_PAGE) return grants;
    }
  }

  /** Redis grants PostgreSQL does not hold, each with the constraint that refused it. */
  private async conflictsOf(
    logged: Grant[],
    coupons: DropCoupon[],
    drop: { stock: number; perMemberLimit: number },
  ): Promise<FlashConflict[]> {
    const ids = new Set(coupons.map((c) => c.id));
    const refused = logged.filter((g) => !ids.has(g.couponId));
    if (refused.length === 0) return [];
    const members = await this.drops.memberUserIds([...new Set(refused.map((g) => g.userId))]);
    const slots = new Set(coupons.map((c) => c.slot));
    return refused.map((g): FlashConflict => {
      const reason: FlashConflict['reason'] =
        g.slot > drop.stock || g.seq > drop.perMemberLimit
          ? 'out_of_range'
          : !members.has(g.userId)
            ? 'not_a_member'
            : slots.has(g.slot)
              ? 'duplicate_slot'
              : 'member_over_limit';
      return { couponId: g.couponId, userId: g.userId, seq: g.seq, slot: g.slot, reason };
    });
  }

  private async expireKeys(keys: FlashKeys): Promise<void> {
    const seconds = this.config.flash.keyRetentionSeconds;
    const pipeline = this.redis.pipeline();
    for (const key of keys.stateKeys) pipeline.expire(key, seconds);
    pipeline.expire(keys.meta, seconds * META_RETENTION_FACTOR);
    await pipeline.exec();
  }
}
