import { Injectable } from '@nestjs/common';
import {
  CouponKind,
  type CouponTemplateListQuery,
  type CouponTemplateListResponse,
  type CouponTemplateResponse,
  type CreateCouponTemplateRequest,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type FieldError,
  MAX_COUPON_STOCK,
  type UpdateCouponTemplateRequest,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/database/sql';
import { invalid } from '../../platform/errors/common-errors';
import type { OrgScope } from '../../platform/scope/org-scope';
import { OrgsService } from '../orgs/orgs.service';
import { BenefitsError } from './benefits.errors';
import { templateAuditShape, toTemplateResponse } from './coupon-template.mapper';
import {
  CouponTemplatesRepository,
  type NewTemplate,
  type TemplateRow,
  type TemplateTerms,
  type TemplateValue,
} from './coupon-templates.repository';
import { MerchantsService } from './merchants.service';

/** Exactly the value field of the kind is set (the table checks it too; this answers 400 instead). */
function valueOf(r: CreateCouponTemplateRequest): TemplateValue {
  const fields = {
    amount_off: 'amountOffCents',
    discount: 'discountPercent',
    free_item: 'itemName',
  } as const;
  const given = { amount_off: r.amountOffCents, discount: r.discountPercent, free_item: r.itemName };
  const problems: FieldError[] = [];
  for (const kind of Object.keys(fields) as CouponKind[]) {
    const present = given[kind] !== undefined && given[kind] !== null;
    if (kind === r.kind && !present)
      problems.push({ field: fields[kind], reasons: [`required for ${kind}`] });
    if (kind !== r.kind && present) problems.push({ field: fields[kind], reasons: [`only for ${kind}`] });
  }
  const minSpend = r.minSpendCents ?? 0;
  if (r.kind === CouponKind.AmountOff && minSpend > 0 && (r.amountOffCents ?? 0) > minSpend) {
    problems.push({ field: 'amountOffCents', reasons: ['must not exceed minSpendCents'] });
  }
  if (problems.length > 0) throw invalid(problems);
  return {
    kind: r.kind,
    amountOffCents: r.kind === CouponKind.AmountOff ? (r.amountOffCents ?? null) : null,
    discountPercent: r.kind === CouponKind.Discount ? (r.discountPercent ?? null) : null,
    itemName: r.kind === CouponKind.FreeItem ? (r.itemName ?? null) : null,
    minSpendCents: minSpend,
  };
}

function checkWindow(from: Date, to: Date, changedTo: boolean): void {
  if (to.getTime() <= from.getTime()) {
    throw invalid('validTo', 'must be after validFrom', 'validTo must be after validFrom');
  }
  if (changedTo && to.getTime() <= Date.now()) {
    throw invalid('validTo', 'must lie in the future', 'validTo must lie in the future');
  }
}

/** Coupon templates of the scope: staff create, read, edit, pause and end them; every change is audited. */
@Injectable()
export class CouponTemplatesService {
  constructor(
    private readonly templates: CouponTemplatesRepository,
    private readonly merchants: MerchantsService,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  async create(scope: OrgScope, request: CreateCouponTemplateRequest): Promise<CouponTemplateResponse> {
    const merchant = await this.merchants.load(scope, request.merchantId);
    const org = await this.orgs.get(scope, request.orgId);
    const validFrom = new Date(request.validFrom);
    const validTo = new Date(request.validTo);
    checkWindow(validFrom, validTo, true);
    const template: NewTemplate = {
      ...valueOf(request),
      merchantId: merchant.id,
      orgId: org.id,
      title: request.title,
      description: request.description ?? '',
      validFrom,
      validTo,
      validDaysAfterClaim: request.validDaysAfterClaim ?? null,
      perMemberLimit: request.perMemberLimit ?? 1,
      totalStock: request.totalStock,
      occupations: request.occupations ?? [],
      verifiedOnly: request.verifiedOnly ?? false,
      claimable: request.claimable ?? true,
      status: 'active',
    };
    const id = await this.templates.transaction(async (m) => {
      const created = await this.templates.insert(template, scope.actorUserId, m);
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'benefits.coupon_template.created',
          targetType: 'coupon_template',
          targetId: created,
          orgId: org.id,
          after: templateAuditShape(template),
        },
        m,
      );
      return created;
    });
    return this.get(scope, id);
  }

  async get(scope: OrgScope, id: string): Promise<CouponTemplateResponse> {
    return toTemplateResponse(await this.load(scope, id));
  }

  async list(scope: OrgScope, query: CouponTemplateListQuery): Promise<CouponTemplateListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const orgPath = query.orgId ? (await this.orgs.get(scope, query.orgId)).path : undefined;
    const { items, total } = await this.templates.list(
      scope,
      { orgPath, merchantId: query.merchantId, status: query.status },
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: items.map(toTemplateResponse), total, page, pageSize };
  }

  /** Edits the terms; value and merchant stay. Pausing stops claims, ending stops them for good. */
  async update(
    scope: OrgScope,
    id: string,
    request: UpdateCouponTemplateRequest,
  ): Promise<CouponTemplateResponse> {
    if (request.addStock !== undefined && request.totalStock !== undefined) {
      throw invalid(
        'addStock',
        'cannot be combined with totalStock',
        'Send totalStock or addStock, not both',
      );
    }
    await this.templates.transaction(async (m) => {
      const current = await this.load(scope, id, m, true);
      if (current.status === 'ended') {
        throw new BenefitsError(ErrorCode.Conflict, 'An ended coupon template cannot change', {
          status: current.status,
        });
      }
      const after: TemplateTerms = {
        title: request.title ?? current.title,
        description: request.description ?? current.description,
        validFrom: request.validFrom ? new Date(request.validFrom) : current.validFrom,
        validTo: request.validTo ? new Date(request.validTo) : current.validTo,
        validDaysAfterClaim:
          request.validDaysAfterClaim === undefined
            ? current.validDaysAfterClaim
            : request.validDaysAfterClaim,
        perMemberLimit: request.perMemberLimit ?? current.perMemberLimit,
        // A raise is added to the total as stored now, under the row lock `load` took.
        totalStock:
          request.addStock !== undefined
            ? current.totalStock + request.addStock
            : (request.totalStock ?? current.totalStock),
        occupations: request.occupations ?? current.occupations,
        verifiedOnly: request.verifiedOnly ?? current.verifiedOnly,
        claimable: request.claimable ?? current.claimable,
        status: request.status ?? current.status,
      };
      if (after.totalStock > MAX_COUPON_STOCK) {
        throw invalid(
          'addStock',
          `totalStock + addStock must not exceed ${MAX_COUPON_STOCK}`,
          'The stock would exceed its maximum',
        );
      }
      checkWindow(after.validFrom, after.validTo, request.validTo !== undefined);
      if (!(await this.templates.updateTerms(id, after, m))) {
        throw new BenefitsError(
          ErrorCode.Conflict,
          'The stock cannot go below what is issued and reserved already',
          { issued: current.issued, reserved: current.reserved, totalStock: after.totalStock },
        );
      }
      await this.audit.record(
        {
          actorUserId: scope.actorUserId,
          action: 'benefits.coupon_template.updated',
          targetType: 'coupon_template',
          targetId: id,
          orgId: current.orgId,
          before: templateAuditShape(current),
          after: templateAuditShape({ ...current, ...after }),
        },
        m,
      );
    });
    return this.get(scope, id);
  }

  /** Seed use: the id of the template of this merchant and org titled so, created if missing. */
  async ensureTemplate(template: NewTemplate): Promise<{ id: string; created: boolean }> {
    const existing = await this.templates.findIdByTitle(template.merchantId, template.orgId, template.title);
    if (existing) return { id: existing, created: false };
    return { id: await this.templates.insert(template, null), created: true };
  }

  /** A template whose org lies in the scope, or COUPON_TEMPLATE_NOT_FOUND / OUT_OF_SCOPE. */
  async load(scope: OrgScope, id: string, db?: Db, lock = false): Promise<TemplateRow> {
    const template = await this.templates.findById(id, db, lock);
    if (!template) throw new BenefitsError(ErrorCode.CouponTemplateNotFound, 'No such coupon template');
    scope.assertCovers({ path: template.orgPath }, 'This coupon template');
    return template;
  }
}
