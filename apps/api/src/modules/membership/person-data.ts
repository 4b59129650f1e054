import { Injectable } from '@nestjs/common';
import { maskIdNumber, type Occupation, parseIdNumber } from '@smartunion/contracts';

import { PiiCipher } from '../../platform/crypto/pii-cipher';
import type { PersonData } from './members.repository';

export interface PersonInput {
  name: string;
  mobile: string;
  idNumber: string;
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
}

/**
 * Turns a person as typed (join form, roster row) into what we store: the ID number validated, encrypted,
 * HMAC-ed and masked; birth date and gender read from it. The clear ID number goes no further than this.
 */
@Injectable()
export class PersonDataSealer {
  constructor(private readonly cipher: PiiCipher) {}

  /** Null when the ID number is invalid (DTOs and the roster parser check it first and say why). */
  seal(input: PersonInput): PersonData | null {
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) return null;
    const id = parsed.info.normalized;
    return {
      name: input.name,
      mobile: input.mobile,
      idCipher: this.cipher.encrypt(id),
      idHash: this.cipher.hash(id),
      idMasked: maskIdNumber(id),
      birthDate: parsed.info.birthDate,
      gender: parsed.info.gender,
      employer: input.employer,
      occupation: input.occupation,
      newEmploymentForm: input.newEmploymentForm,
    };
  }

  /** The look-up key of an ID number as typed. */
  hashOf(idNumber: string): Buffer {
    return this.cipher.hash(idNumber.trim().toUpperCase());
  }

  reveal(idCipher: Buffer): string {
    return this.cipher.decrypt(idCipher);
  }
}
