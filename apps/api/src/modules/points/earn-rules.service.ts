import { Injectable } from '@nestjs/common';
import {
  EARN_REASONS,
  type EarnReason,
  type EarnRulesResponse,
  ErrorCode,
  type OrgRef,
  type PutEarnRuleRequest,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { invalid } from '../../platform/errors/common-errors';
import type { OrgScope } from '../../platform/scope/org-scope';
import { OrgsService } from '../orgs/orgs.service';
import { EarnRulesRepository } from './earn-rules.repository';
import { PointsLedger } from './points-ledger';
import { PointsError } from './points.errors';

/**
 * Earn rules per org (积分规则): an org in the caller's scope sets its own points and daily cap per reason for
 * its whole subtree; a deeper org's rule wins over an upper one's; without any, the built-in default holds.
 */
@Injectable()
export class EarnRulesService {
  constructor(
    private readonly rules: EarnRulesRepository,
    private readonly ledger: PointsLedger,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  /** The rules in force for members of an org of the scope, marking those the org set itself. */
  async list(scope: OrgScope, orgId: string): Promise<EarnRulesResponse> {
    const org = await this.orgs.get(scope, orgId);
    return this.view(org, org.path);
  }

  async put(scope: OrgScope, request: PutEarnRuleRequest): Promise<EarnRulesResponse> {
    if (request.dailyCap < request.points) {
      throw invalid('dailyCap', 'must be at least points', 'dailyCap must be at least points');
    }
    const org = await this.orgs.get(scope, request.orgId);
    await this.rules.transaction(async (m) => {
      const before = await this.rules.findOwn(org.id, request.reason, m);
      const after = {
        orgId: org.id,
        reason: request.reason,
        points: request.points,
        dailyCap: request.dailyCap,
        enabled: request.enabled,
      };
      await this.rules.upsert(m, after, scope.actorUserId);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'points.rule_set',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          before: before ?? undefined,
          after,
        },
        m,
      );
    });
    return this.view(org, org.path);
  }

  /** Removes the org's own rule for a reason: its members fall back to the upper org's rule or the default. */
  async remove(scope: OrgScope, orgId: string, reason: EarnReason): Promise<EarnRulesResponse> {
    const org = await this.orgs.get(scope, orgId);
    await this.rules.transaction(async (m) => {
      const before = await this.rules.findOwn(org.id, reason, m);
      if (!before || !(await this.rules.delete(m, org.id, reason))) {
        throw new PointsError(ErrorCode.EarnRuleNotFound, 'This org has no rule of its own for the reason');
      }
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'points.rule_removed',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          before,
        },
        m,
      );
    });
    return this.view(org, org.path);
  }

  private async view(org: OrgRef, path: string): Promise<EarnRulesResponse> {
    const rules = await this.ledger.rulesFor(path);
    return {
      org: { id: org.id, name: org.name, type: org.type, areaCode: org.areaCode },
      rules: EARN_REASONS.map((reason) => ({ ...rules[reason], own: rules[reason].org?.id === org.id })),
    };
  }
}
