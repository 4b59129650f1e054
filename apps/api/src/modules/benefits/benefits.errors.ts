import { DomainError } from '../../platform/errors/domain-error';

/** Errors of merchants, coupon templates, claims and write-offs. The code says which. */
export class BenefitsError extends DomainError {}
