import type { INestApplicationContext } from '@nestjs/common';
import { Permission } from '@smartunion/contracts';

import { FlashDropsService } from '../../modules/benefits/flash/flash-drops.service';
import { OrgsService } from '../../modules/orgs/orgs.service';
import { OrgScope } from '../../platform/scope/org-scope';

export interface FlashSeedSummary {
  drops: number;
  created: number;
}

/** The flash-only template of the benefits seed (洁途汽车洗护) and the org that owns it: 太原市总工会. */
const TEMPLATE_TITLE = '限时秒杀 精洗套餐5折';
const TAIYUAN_CODE = 'SX-140100';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A drop that opens a few seconds after the seed (live in the quick start), and one with a countdown. */
const DROPS = [
  { title: '洗车精洗套餐5折 周末秒杀', stock: 200, startsInMs: 5_000, openForMs: 7 * DAY_MS },
  {
    title: '洗车精洗套餐5折 整点秒杀',
    stock: 100,
    startsInMs: 30 * MINUTE_MS,
    openForMs: 2 * DAY_MS,
  },
] as const;

/**
 * Flash-drop demo data for every member of 太原市总工会's subtree (the demo member among them). Idempotent: a
 * drop is created only when none of that title is upcoming or running, so a second run adds nothing. The worker
 * pre-heats them (the live one at once: it opens inside the pre-heat lead).
 */
export async function seedFlash(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<FlashSeedSummary> {
  const drops = app.get(FlashDropsService);
  const taiyuanId = orgIds.get(TAIYUAN_CODE);
  const taiyuan = taiyuanId ? await app.get(OrgsService).findRef(taiyuanId) : null;
  if (!taiyuan) throw new Error(`flash seed: no org ${TAIYUAN_CODE}`);
  const templateId = await drops.templateIdByTitle(taiyuan.id, TEMPLATE_TITLE);
  if (!templateId)
    throw new Error(`flash seed: no coupon template ${TEMPLATE_TITLE} (run the benefits seed first)`);
  const scope = OrgScope.system([{ orgId: taiyuan.id, path: taiyuan.path }], Permission.BenefitsManage);

  const summary: FlashSeedSummary = { drops: 0, created: 0 };
  for (const d of DROPS) {
    summary.drops += 1;
    if (await drops.openDropIdByTitle(taiyuan.id, d.title)) continue;
    const startsAt = Date.now() + d.startsInMs;
    await drops.create(scope, {
      templateId,
      orgId: taiyuan.id,
      title: d.title,
      stock: d.stock,
      perMemberLimit: 1,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + d.openForMs).toISOString(),
    });
    summary.created += 1;
  }
  return summary;
}
