/** What the real-name service answers for a name and an ID number. */
export type VerifierVerdict = 'match' | 'mismatch';

/** The service could not give a verdict (down, timed out, refused our credentials, answered nonsense). */
export class VerifierUnavailableError extends Error {}

/** Real-name verification (实名认证): do this name and this ID number belong to one resident? */
export interface IdentityVerifier {
  readonly name: string;
  verify(name: string, idNumber: string): Promise<VerifierVerdict>;
}

export const IDENTITY_VERIFIER = Symbol('IDENTITY_VERIFIER');
