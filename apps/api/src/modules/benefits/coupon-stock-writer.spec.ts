import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Coupon stock has one writer: only coupon-templates.repository.ts may UPDATE a template's stock columns, each
 * a guarded statement in the caller's transaction (see the invariant there). A second writer elsewhere is how
 * overselling comes back, so the build refuses it.
 */
const SRC = join(__dirname, '../..');
const OWNER = 'modules/benefits/coupon-templates.repository.ts';
const STOCK_COLUMNS = /\b(?:issued|reserved|total_stock)\s*=/i;

/** The SET clauses of every UPDATE of coupon_templates in a source text (aliases and CTEs included). */
function stockUpdates(text: string): string[] {
  const found: string[] = [];
  const update =
    /\bUPDATE\s+(?:ONLY\s+)?(?:"?public"?\.)?"?coupon_templates"?\b[\s\S]*?\bSET\b([\s\S]*?)(?:\bWHERE\b|\bRETURNING\b|\bFROM\b|`|;|$)/gi;
  for (const match of text.matchAll(update)) {
    if (STOCK_COLUMNS.test(match[1])) found.push(match[0].replace(/\s+/g, ' ').trim());
  }
  return found;
}

const sources = (): string[] =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.spec.ts'))
    .map((f) => f.split('\\').join('/'));

describe('coupon template stock', () => {
  it('is written by coupon-templates.repository.ts only', () => {
    const offenders = sources()
      .filter((f) => f !== OWNER)
      .flatMap((f) => stockUpdates(readFileSync(join(SRC, f), 'utf8')).map((sql) => `${f}: ${sql}`));
    expect(offenders).toEqual([]);
  });

  it('finds the owner’s statements (the scan is not blind)', () => {
    expect(sources()).toContain(OWNER);
    const owned = stockUpdates(readFileSync(join(SRC, OWNER), 'utf8'));
    // Terms (total_stock), a claim, a drop's reservation, its grants issued.
    expect(owned.length).toBeGreaterThanOrEqual(4);
  });

  it('recognises a stock write however it is spelled, and ignores other columns', () => {
    expect(stockUpdates('`UPDATE coupon_templates SET issued = issued + 1 WHERE id = $1`')).toHaveLength(1);
    expect(stockUpdates("`UPDATE coupon_templates SET status = 'paused', reserved = 0`")).toHaveLength(1);
    expect(
      stockUpdates(
        '`WITH x AS (UPDATE coupon_templates AS t\n SET updated_at = now(), reserved = reserved - $2)`',
      ),
    ).toHaveLength(1);
    expect(stockUpdates('`update public.coupon_templates set total_stock = $2 where id = $1`')).toHaveLength(
      1,
    );
    expect(stockUpdates('`UPDATE coupon_templates SET status = $2 WHERE issued = 0`')).toEqual([]);
    expect(stockUpdates('`UPDATE coupons SET issued = 1`')).toEqual([]);
  });
});
