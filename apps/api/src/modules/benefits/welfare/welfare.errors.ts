import { DomainError } from '../../../platform/errors/domain-error';

/** Errors of welfare campaigns (智送清凉): campaigns, allocations and pick-ups. The code says which. */
export class WelfareError extends DomainError {}
