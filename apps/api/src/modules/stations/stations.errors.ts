import { DomainError } from '../../platform/errors/domain-error';

/** Errors of the post-station registry and search. The code says which. */
export class StationError extends DomainError {}
