import { Injectable } from '@nestjs/common';
import {
  type CheckCardResponse,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  maskName,
  MEMBER_CARD_TTL_SECONDS,
  type MemberCardResponse,
  type MemberEventResponse,
  type MemberListQuery,
  type MemberListResponse,
  type VerificationResponse,
} from '@smartunion/contracts';
import { toDataURL } from 'qrcode';

import { AuditService } from '../../platform/audit/audit.service';
import { SignedTokens } from '../../platform/crypto/signed-token';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import type { OrgScope } from '../../platform/scope/org-scope';
import { OrgsService } from '../orgs/orgs.service';
import { IdentityCheckService } from './identity-check.service';
import { memberOrgRef, toMemberResponse } from './member.mapper';
import { type MemberRow, MembersRepository, type MemberSummary } from './members.repository';
import { MembershipError } from './membership.errors';
import { type PersonInput, PersonDataSealer } from './person-data';
import { VerifierUnavailableError } from './verification/identity-verifier.port';

export type { MemberSummary } from './members.repository';

interface CardPayload {
  m: string;
}

/** Members as themselves (card, verification, history) and as their unions see them (the roster). */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly orgs: OrgsService,
    private readonly sealer: PersonDataSealer,
    private readonly identity: IdentityCheckService,
    private readonly tokens: SignedTokens,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** For other areas: the caller's active membership as a {@link MemberSummary}, or null. */
  findActiveByUser(userId: string): Promise<MemberSummary | null> {
    return this.members.summaryByUserId(userId).then((m) => (m?.status === 'active' ? m : null));
  }

  /**
   * System use (seed, provisioning): makes `userId` an active, verified member of `orgId` with this person's
   * data, unless the person is a member already. Returns the member number.
   */
  async enrol(userId: string | null, orgId: string, person: PersonInput): Promise<string> {
    const sealed = this.sealer.seal(person);
    if (!sealed) throw new MembershipError(ErrorCode.ValidationFailed, 'Invalid ID number');
    const existing =
      (userId ? await this.members.findByUserId(userId) : null) ??
      (await this.members.findByIdHash(sealed.idHash));
    if (existing) return existing.memberNo;
    return this.members.transaction(async (m) => {
      const created = await this.members.insert(
        { ...sealed, userId, orgId, source: 'join', verification: 'verified', verifiedAt: new Date() },
        m,
      );
      if (!created) throw new MembershipError(ErrorCode.IdNumberInUse, 'Enrolled concurrently');
      await this.members.addEvents([{ memberId: created.id, kind: 'joined', orgId }], m);
      return created.memberNo;
    });
  }

  /** For other areas' "verified only" features: the caller's active, verified membership, or a clear refusal. */
  async requireVerifiedMember(userId: string): Promise<MemberSummary> {
    const member = await this.requireMember(userId);
    if (member.verification !== 'verified') {
      throw new MembershipError(ErrorCode.MemberNotVerified, 'This needs a member with a verified real name');
    }
    return member;
  }

  async requireMember(userId: string): Promise<MemberSummary> {
    const member = await this.findActiveByUser(userId);
    if (!member) throw new MembershipError(ErrorCode.NotAMember, 'You are not a member of a union yet');
    return member;
  }

  /** Membership's own use (card, verification): the caller's full row, sealed ID number included. */
  private async requireOwnRow(userId: string): Promise<MemberRow> {
    const member = await this.members.findByUserId(userId);
    if (member?.status !== 'active') {
      throw new MembershipError(ErrorCode.NotAMember, 'You are not a member of a union yet');
    }
    return member;
  }

  /** For other areas' lists shown to staff (station visitors): member id → masked name (张*三). */
  async maskedNames(memberIds: string[]): Promise<Map<string, string>> {
    const rows = await this.members.namesByIds([...new Set(memberIds)]);
    return new Map(rows.map((r) => [r.id, maskName(r.name)]));
  }

  /** For other areas (points): one member by id, whatever their status, or null. */
  async summary(memberId: string): Promise<MemberSummary | null> {
    const [found] = await this.members.summariesByIds([memberId]);
    return found ?? null;
  }

  /** For other areas' pages (mall orders): member id → summary, in one query; unknown ids are left out. */
  async summaries(memberIds: string[]): Promise<Map<string, MemberSummary>> {
    const rows = await this.members.summariesByIds([...new Set(memberIds)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async events(userId: string): Promise<MemberEventResponse[]> {
    const member = await this.members.findByUserId(userId);
    return member ? this.members.events(member.id) : [];
  }

  /** Re-runs real-name verification for the caller (limited: the service is paid per call). */
  async verify(userId: string): Promise<VerificationResponse> {
    const member = await this.requireOwnRow(userId);
    if (member.verification === 'verified') {
      return { verification: member.verification, verifiedAt: member.verifiedAt?.toISOString() ?? null };
    }
    await this.rateLimiter.hit({ key: `verify:user:${userId}`, limit: 5, windowMs: 24 * 3600_000 });
    let verdict;
    try {
      verdict = await this.identity.checkOrThrow(member.name, this.sealer.reveal(member.idCipher));
    } catch (e) {
      if (!(e instanceof VerifierUnavailableError)) throw e;
      throw new MembershipError(ErrorCode.VerificationUnavailable, 'The identity service is unavailable');
    }
    await this.members.transaction(async (m) => {
      await this.members.setVerification(member.id, verdict, m);
      if (verdict === 'verified') {
        await this.members.addEvents([{ memberId: member.id, kind: 'verified', orgId: member.orgId }], m);
      }
    });
    const after = (await this.members.findById(member.id)) as MemberRow;
    if (verdict === 'mismatch') {
      throw new MembershipError(ErrorCode.VerificationMismatch, 'Name and ID number do not match');
    }
    return { verification: after.verification, verifiedAt: after.verifiedAt?.toISOString() ?? null };
  }

  /** The member card with a QR that lives {@link MEMBER_CARD_TTL_SECONDS}: a screenshot is useless soon after. */
  async card(userId: string): Promise<MemberCardResponse> {
    const member = await this.requireOwnRow(userId);
    const now = Date.now();
    const token = this.tokens.sign<CardPayload>(
      'member-card',
      { m: member.id },
      MEMBER_CARD_TTL_SECONDS,
      now,
    );
    return {
      memberNo: member.memberNo,
      name: member.name,
      org: memberOrgRef(member),
      joinedAt: member.joinedAt.toISOString(),
      verification: member.verification,
      qrToken: token,
      qrDataUrl: await toDataURL(token, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      qrExpiresAt: new Date(Math.floor(now / 1000) * 1000 + MEMBER_CARD_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /**
   * A station master, merchant or cadre checks a presented card. Not limited to the checker's scope: a rider
   * is served at any station. Each check is audited (who looked at whose card).
   */
  async checkCard(checkerId: string, token: string): Promise<CheckCardResponse> {
    const check = this.tokens.verify<CardPayload>('member-card', token);
    if (!check.ok) {
      throw new MembershipError(
        check.reason === 'expired' ? ErrorCode.CardTokenExpired : ErrorCode.CardTokenInvalid,
        check.reason === 'expired' ? 'This card code has expired' : 'This is not a member card code',
      );
    }
    const member = typeof check.payload.m === 'string' ? await this.members.findById(check.payload.m) : null;
    if (!member) throw new MembershipError(ErrorCode.CardTokenInvalid, 'This is not a member card code');
    await this.audit.record({
      actorUserId: checkerId,
      action: 'membership.card.checked',
      targetType: 'member',
      targetId: member.id,
      orgId: member.orgId,
      after: { status: member.status, verification: member.verification },
    });
    return {
      memberNo: member.memberNo,
      name: maskName(member.name),
      org: memberOrgRef(member),
      status: member.status,
      verification: member.verification,
      checkedAt: new Date().toISOString(),
    };
  }

  async list(scope: OrgScope, query: MemberListQuery): Promise<MemberListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.orgId) await this.orgs.get(scope, query.orgId);
    const { items, total } = await this.members.search(scope, {
      orgId: query.orgId,
      q: query.q,
      occupation: query.occupation,
      verification: query.verification,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: items.map(toMemberResponse), total, page, pageSize };
  }
}
