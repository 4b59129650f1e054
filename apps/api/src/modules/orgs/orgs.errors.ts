import { DomainError } from '../../platform/errors/domain-error';

/** Errors of the union tree; the code says which. */
export class OrgError extends DomainError {}
