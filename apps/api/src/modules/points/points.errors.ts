import { DomainError } from '../../platform/errors/domain-error';

/** Errors of the points ledger, earn rules and the points mall. The code says which. */
export class PointsError extends DomainError {}
