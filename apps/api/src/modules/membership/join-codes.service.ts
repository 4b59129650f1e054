import { Inject, Injectable } from '@nestjs/common';
import {
  type CreateJoinCodeRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  JOIN_CODE_PARAM,
  type JoinCodeInfoResponse,
  type JoinCodeListResponse,
  type JoinCodeResponse,
  JOIN_UNION_MAX_PAGE_SIZE,
  type JoinUnionListResponse,
  type JoinUnionQuery,
  OrgType,
} from '@smartunion/contracts';
import { toDataURL } from 'qrcode';

import { AuditService } from '../../platform/audit/audit.service';
import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { SignedTokens } from '../../platform/crypto/signed-token';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import type { OrgScope } from '../../platform/scope/org-scope';
import { OrgsService } from '../orgs/orgs.service';
import { type JoinCodeRow, JoinCodesRepository } from './join-codes.repository';
import { MembershipError } from './membership.errors';

/** The join page of the mini-program; the QR code carries its URL with the token. */
export const JOIN_PAGE = 'pages/membership/join/index';

/** Union finder searches per user and minute: a person typing, never a crawler. */
const JOIN_UNION_SEARCHES_PER_MINUTE = 30;

interface JoinCodePayload {
  /** join_codes.id */
  c: string;
}

/** Host names only this machine answers to: a QR code pointing there opens nothing on a phone. */
const LOCAL_HOST = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/** True when `url` (PUBLIC_APP_URL, validated at boot) points at this machine. */
export function isLocalUrl(url: string): boolean {
  return LOCAL_HOST.test(new URL(url).hostname);
}

/** The union a join code admits to. */
export interface ResolvedJoinCode {
  codeId: string;
  org: { id: string; name: string; type: OrgType; areaCode: string; path: string };
  label: string;
}

/**
 * Join QR codes (扫码入会): a signed token naming a join_codes row. The signature stops forged or edited codes
 * without a database hit; the row lets a union revoke a code that was posted somewhere it should not be.
 */
@Injectable()
export class JoinCodesService {
  constructor(
    private readonly codes: JoinCodesRepository,
    private readonly tokens: SignedTokens,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: OrgScope, request: CreateJoinCodeRequest): Promise<JoinCodeResponse> {
    const org = await this.orgs.get(scope, request.orgId);
    if (org.type !== OrgType.Grassroots) {
      throw new MembershipError(ErrorCode.OrgNotGrassroots, 'Join codes admit to a grassroots union only');
    }
    const code = await this.codes.insert(org.id, request.label, scope.userId);
    await this.audit.record({
      actorUserId: scope.userId,
      action: 'membership.join_code.created',
      targetType: 'join_code',
      targetId: code.id,
      orgId: org.id,
      after: { label: code.label },
    });
    return this.toResponse(code);
  }

  async revoke(scope: OrgScope, id: string): Promise<JoinCodeResponse> {
    const code = await this.load(scope, id);
    if (!code.revokedAt) {
      await this.codes.revoke(id);
      await this.audit.record({
        actorUserId: scope.userId,
        action: 'membership.join_code.revoked',
        targetType: 'join_code',
        targetId: id,
        orgId: code.orgId,
      });
    }
    return this.toResponse((await this.codes.findById(id)) as JoinCodeRow);
  }

  async list(
    scope: OrgScope,
    orgId: string | undefined,
    page = 1,
    pageSize = DEFAULT_PAGE_SIZE,
  ): Promise<JoinCodeListResponse> {
    if (orgId) await this.orgs.get(scope, orgId);
    const { items, total } = await this.codes.list(scope, orgId, (page - 1) * pageSize, pageSize);
    return {
      items: await Promise.all(items.map((c) => this.toResponse(c))),
      total,
      page,
      pageSize,
      appUrlIsLocal: isLocalUrl(this.config.publicAppUrl),
    };
  }

  /** What a scanned code admits to; JOIN_CODE_INVALID for a forged or unknown code, JOIN_CODE_REVOKED when revoked. */
  async resolveToken(token: string): Promise<ResolvedJoinCode> {
    const check = this.tokens.verify<JoinCodePayload>('join-code', token);
    if (!check.ok || typeof check.payload.c !== 'string') {
      throw new MembershipError(ErrorCode.JoinCodeInvalid, 'This join code is not valid');
    }
    const code = await this.codes.findById(check.payload.c);
    if (!code) throw new MembershipError(ErrorCode.JoinCodeInvalid, 'This join code is not valid');
    if (code.revokedAt) throw new MembershipError(ErrorCode.JoinCodeRevoked, 'This join code was revoked');
    return {
      codeId: code.id,
      label: code.label,
      org: {
        id: code.orgId,
        name: code.orgName,
        type: code.orgType,
        areaCode: code.orgAreaCode,
        path: code.orgPath,
      },
    };
  }

  /**
   * 找工会入会, for a worker with no QR code at hand: grassroots unions that take applications online (have an
   * active join code), found by a part of their name or of a place above them, each with a code to apply
   * through. Counted per user, as the list of the province's unions is not for scraping.
   */
  async findUnions(userId: string, query: JoinUnionQuery): Promise<JoinUnionListResponse> {
    await this.rateLimiter.hit({
      key: `membership:join-unions:user:${userId}`,
      limit: JOIN_UNION_SEARCHES_PER_MINUTE,
      windowMs: 60_000,
    });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? JOIN_UNION_MAX_PAGE_SIZE;
    const codes = await this.codes.activeCodeByOrg();
    const { items, total } = await this.orgs.searchNamed([...codes.keys()], OrgType.Grassroots, query.q, {
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return {
      items: items.map(({ pathNames, ...org }) => ({
        org,
        orgPath: pathNames,
        joinCode: this.tokenOf(codes.get(org.id) as string),
      })),
      total,
      page,
      pageSize,
    };
  }

  async info(token: string): Promise<JoinCodeInfoResponse> {
    const { org, label } = await this.resolveToken(token);
    return {
      org: { id: org.id, name: org.name, type: org.type, areaCode: org.areaCode },
      label,
      orgPath: await this.codes.pathNames(org.path),
    };
  }

  /** System use (seed): the active code of a union with this label, created if missing. Returns its token. */
  async ensureCode(orgId: string, label: string): Promise<string> {
    const code =
      (await this.codes.findByOrgLabel(orgId, label)) ?? (await this.codes.insert(orgId, label, null));
    return this.tokenOf(code.id);
  }

  private tokenOf(id: string): string {
    // No expiry: a code printed on a poster lives until revoked. The issue time rides in the token.
    return this.tokens.sign<JoinCodePayload>('join-code', { c: id });
  }

  private async load(scope: OrgScope, id: string): Promise<JoinCodeRow> {
    const code = await this.codes.findById(id);
    if (!code) throw new MembershipError(ErrorCode.NotFound, 'No such join code');
    scope.assertCovers({ path: code.orgPath }, 'This join code');
    return code;
  }

  private async toResponse(code: JoinCodeRow): Promise<JoinCodeResponse> {
    const token = this.tokenOf(code.id);
    const url = `${this.config.publicAppUrl}/#/${JOIN_PAGE}?${JOIN_CODE_PARAM}=${encodeURIComponent(token)}`;
    return {
      id: code.id,
      org: { id: code.orgId, name: code.orgName, type: code.orgType, areaCode: code.orgAreaCode },
      label: code.label,
      token,
      url,
      qrDataUrl: await toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      revokedAt: code.revokedAt?.toISOString() ?? null,
      createdAt: code.createdAt.toISOString(),
    };
  }
}
