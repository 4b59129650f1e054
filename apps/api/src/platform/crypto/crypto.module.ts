import { Global, Module } from '@nestjs/common';

import { PiiCipher } from './pii-cipher';
import { SignedTokens } from './signed-token';

@Global()
@Module({ providers: [PiiCipher, SignedTokens], exports: [PiiCipher, SignedTokens] })
export class CryptoModule {}
