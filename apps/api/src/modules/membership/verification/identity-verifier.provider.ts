import type { Provider } from '@nestjs/common';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { HttpIdentityVerifier } from './http-identity-verifier';
import { IDENTITY_VERIFIER, type IdentityVerifier } from './identity-verifier.port';
import { LocalIdentityVerifier } from './local-identity-verifier';
import { OffIdentityVerifier } from './off-identity-verifier';

export function identityVerifierFor(config: AppConfig): IdentityVerifier {
  const v = config.identityVerifier;
  switch (v.kind) {
    case 'http':
      return new HttpIdentityVerifier(v);
    case 'local':
      return new LocalIdentityVerifier();
    case 'off':
      return new OffIdentityVerifier();
  }
}

export const identityVerifierProvider: Provider = {
  provide: IDENTITY_VERIFIER,
  inject: [APP_CONFIG],
  useFactory: identityVerifierFor,
};
