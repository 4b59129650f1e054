import { parseIdNumber } from '@smartunion/contracts';

import type { IdentityVerifier, VerifierVerdict } from './identity-verifier.port';

/**
 * Development and tests only (never configured in production): a deterministic stand-in for the real-name
 * service, so the demo can show both outcomes. A valid ID number matches any name of 2–30 characters, except
 * numbers whose sequence digits (15th–17th) are 999 — those are "someone else", to demo a mismatch.
 */
export class LocalIdentityVerifier implements IdentityVerifier {
  readonly name = 'local';

  verify(name: string, idNumber: string): Promise<VerifierVerdict> {
    const parsed = parseIdNumber(idNumber);
    const plausible = parsed.ok && name.trim().length >= 2 && idNumber.slice(14, 17) !== '999';
    return Promise.resolve(plausible ? 'match' : 'mismatch');
  }
}
