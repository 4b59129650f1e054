import { DomainError } from '../../platform/errors/domain-error';

/** Errors of membership: joining, review, cards, transfers, establishment, rosters. The code says which. */
export class MembershipError extends DomainError {}
