import { Injectable } from '@nestjs/common';
import { type OrgType } from '@smartunion/contracts';

import { isRejectedValue } from '../../platform/database/postgres-errors';
import { isWithin } from '../../platform/scope/org-scope';
import { PersonDataSealer } from './person-data';
import type { RawRow } from './roster-reader';
import {
  type ImportOrg,
  type RosterErrorEntry,
  type RosterLoad,
  RosterImportsRepository,
} from './roster-imports.repository';
import { checkRosterRow, type ColumnMap, type IdNumberLines, type RowProblem } from './roster-row';

/** What a batch runs against: the import, its org, the file's columns and the state carried across batches. */
export interface ImportRun {
  importId: string;
  actorUserId: string | null;
  org: ImportOrg;
  columns: ColumnMap;
  today: string;
  seen: IdNumberLines;
  /** union_code → union id, or why it cannot be used. Bounded; cleared when it grows large. */
  unions: Map<string, { orgId: string } | { reason: string }>;
}

export interface BatchOutcome {
  inserted: number;
  unchanged: number;
  errors: number;
}

/** Another runner moved the import on (or finished it) under us; this one must stop without writing. */
export class ImportSupersededError extends Error {}

const UNION_CACHE_LIMIT = 50_000;

const REJECTED_BY_DATABASE = '此行数据无法保存，请逐项核对';
const OTHER_UNION = '此人已是其他工会的会员，如需变更请办理会员组织关系转接';
const LEFT_MEMBER = '此人曾是会员且已退会，请由本人重新申请入会';

/** A row's fate in a batch: loaded (or found unchanged), or rejected with its problems. */
type Unit = { line: number; load: RosterLoad } | { line: number; problems: RowProblem[] };

/**
 * Checks and loads one batch of roster rows. Each batch commits in one transaction together with the import's
 * progress counters, so a retried job resumes after the last committed row and never counts a row twice; each
 * row ends up either as a member (new or unchanged) or as error lines, never half of both.
 */
@Injectable()
export class RosterBatchLoader {
  constructor(
    private readonly repo: RosterImportsRepository,
    private readonly sealer: PersonDataSealer,
  ) {}

  /** Registers the ID number of a row committed by an earlier run, so duplicates after it are still caught. */
  replay(run: ImportRun, row: RawRow): void {
    const id = checkRosterRow(row.line, row.cells, run.columns, run.today).idNumber;
    if (id) run.seen.firstLine(id, row.line);
  }

  /** Checks, then loads `rows` on top of `expectedProcessed` committed rows. */
  async load(run: ImportRun, rows: RawRow[], expectedProcessed: number): Promise<BatchOutcome> {
    const checks = rows.map((r) => checkRosterRow(r.line, r.cells, run.columns, run.today));
    for (const c of checks) {
      if (!c.idNumber) continue;
      const first = run.seen.firstLine(c.idNumber, c.line);
      if (first !== undefined) {
        c.problems.push({ field: 'id_number', reason: `与第${first}行的身份证号重复` });
        c.value = undefined;
      }
    }
    await this.resolveUnions(
      run,
      checks.flatMap((c) => (c.value?.unionCode ? [c.value.unionCode] : [])),
    );
    const units: Unit[] = checks.map((c) => {
      if (!c.value) return { line: c.line, problems: c.problems };
      const target = this.targetOf(run, c.value.unionCode);
      if ('reason' in target)
        return { line: c.line, problems: [{ field: 'union_code', reason: target.reason }] };
      const person = this.sealer.seal(c.value.person);
      if (!person) return { line: c.line, problems: [{ field: 'id_number', reason: '身份证号不正确' }] };
      return { line: c.line, load: { line: c.line, orgId: target.orgId, person } };
    });
    try {
      return await this.commit(run, units, expectedProcessed);
    } catch (e) {
      // A data or constraint error means some row slipped past the checks: find it by loading one at a time.
      if (!isRejectedValue(e)) throw e;
      return this.commitOneByOne(run, units, expectedProcessed);
    }
  }

  private async commitOneByOne(
    run: ImportRun,
    units: Unit[],
    expectedProcessed: number,
  ): Promise<BatchOutcome> {
    const total: BatchOutcome = { inserted: 0, unchanged: 0, errors: 0 };
    for (const [i, unit] of units.entries()) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.commit(run, [unit], expectedProcessed + i);
      } catch (e) {
        if (!isRejectedValue(e)) throw e;
        outcome = await this.commit(
          run,
          [{ line: unit.line, problems: [{ field: '', reason: REJECTED_BY_DATABASE }] }],
          expectedProcessed + i,
        );
      }
      total.inserted += outcome.inserted;
      total.unchanged += outcome.unchanged;
      total.errors += outcome.errors;
    }
    return total;
  }

  private commit(run: ImportRun, units: Unit[], expectedProcessed: number): Promise<BatchOutcome> {
    return this.repo.transaction(async (m) => {
      const progress = await this.repo.lockProgress(run.importId, m);
      if (!progress || progress.status !== 'running' || progress.processed !== expectedProcessed) {
        throw new ImportSupersededError(`Import ${run.importId} moved on without this runner`);
      }
      const loads = units.flatMap((u) => ('load' in u ? [u.load] : []));
      const inserted = await this.repo.insertMembers(run.importId, run.actorUserId, loads, m);
      const others = loads.filter((l) => !inserted.has(l.person.idHash.toString('hex')));
      const existing = new Map(
        (
          await this.repo.membersByIdHash(
            others.map((l) => l.person.idHash),
            m,
          )
        ).map((e) => [e.idHash.toString('hex'), e]),
      );
      const errors: RosterErrorEntry[] = units.flatMap((u) =>
        'problems' in u ? u.problems.map((p) => ({ line: u.line, field: p.field, reason: p.reason })) : [],
      );
      let unchanged = 0;
      for (const l of others) {
        const member = existing.get(l.person.idHash.toString('hex'));
        if (member && member.status === 'active' && member.orgId === l.orgId) unchanged += 1;
        else if (member?.status === 'left')
          errors.push({ line: l.line, field: 'id_number', reason: LEFT_MEMBER });
        else if (member) errors.push({ line: l.line, field: 'id_number', reason: OTHER_UNION });
        // Not found: the conflicting row was deleted in between; the row is retried by nobody, so report it.
        else errors.push({ line: l.line, field: '', reason: REJECTED_BY_DATABASE });
      }
      await this.repo.insertErrors(run.importId, errors, m);
      const outcome = {
        inserted: inserted.size,
        unchanged,
        errors: units.length - inserted.size - unchanged,
      };
      await this.repo.advance(run.importId, { processed: units.length, ...outcome }, m);
      return outcome;
    });
  }

  /** Looks up union codes not seen yet in one query. */
  private async resolveUnions(run: ImportRun, codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => !run.unions.has(c));
    if (missing.length === 0) return;
    if (run.unions.size + missing.length > UNION_CACHE_LIMIT) run.unions.clear();
    const found = new Map((await this.repo.orgsByCodes(missing)).map((o) => [o.code, o]));
    for (const code of missing) {
      const org = found.get(code);
      run.unions.set(
        code,
        org ? (this.unionProblem(run.org, org) ?? { orgId: org.id }) : { reason: '工会代码不存在' },
      );
    }
  }

  private unionProblem(
    importOrg: ImportOrg,
    org: { type: OrgType; path: string },
  ): { reason: string } | null {
    if (!isWithin(org.path, importOrg.path)) return { reason: `该工会不在「${importOrg.name}」之下` };
    if (org.type !== 'grassroots') return { reason: '该代码不是基层工会，会员只能归属基层工会' };
    return null;
  }

  private targetOf(run: ImportRun, unionCode: string | null): { orgId: string } | { reason: string } {
    if (unionCode) return run.unions.get(unionCode) ?? { reason: '工会代码不存在' };
    if (run.org.type === 'grassroots') return { orgId: run.org.id };
    return { reason: `「${run.org.name}」不是基层工会，请填写会员所属基层工会的代码` };
  }
}
