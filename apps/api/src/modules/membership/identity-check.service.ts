import { Inject, Injectable, Logger } from '@nestjs/common';
import type { VerificationStatus } from '@smartunion/contracts';

import {
  IDENTITY_VERIFIER,
  type IdentityVerifier,
  VerifierUnavailableError,
} from './verification/identity-verifier.port';

/** Runs real-name verification and turns its outcome into a stored status; never fails the caller's flow. */
@Injectable()
export class IdentityCheckService {
  private readonly logger = new Logger(IdentityCheckService.name);

  constructor(@Inject(IDENTITY_VERIFIER) private readonly verifier: IdentityVerifier) {}

  /** `unverified` when the service cannot answer now; the member can retry later. */
  async check(name: string, idNumber: string): Promise<VerificationStatus> {
    try {
      return (await this.verifier.verify(name, idNumber)) === 'match' ? 'verified' : 'mismatch';
    } catch (e) {
      if (!(e instanceof VerifierUnavailableError)) throw e;
      this.logger.warn({ verifier: this.verifier.name, err: e.message }, 'Identity verification unavailable');
      return 'unverified';
    }
  }

  /** Like check, but says when the service is down (for an explicit "verify me" request). */
  async checkOrThrow(name: string, idNumber: string): Promise<VerificationStatus> {
    return (await this.verifier.verify(name, idNumber)) === 'match' ? 'verified' : 'mismatch';
  }
}
