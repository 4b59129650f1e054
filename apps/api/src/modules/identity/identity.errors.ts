import { DomainError } from '../../platform/errors/domain-error';

/** Errors of login, tokens and users; the code says which. */
export class IdentityError extends DomainError {}
