import {
  type IdentityVerifier,
  VerifierUnavailableError,
  type VerifierVerdict,
} from './identity-verifier.port';

/** Production without a configured service: nobody is verified, and callers say so instead of pretending. */
export class OffIdentityVerifier implements IdentityVerifier {
  readonly name = 'off';

  verify(): Promise<VerifierVerdict> {
    return Promise.reject(new VerifierUnavailableError('no identity verification service is configured'));
  }
}
