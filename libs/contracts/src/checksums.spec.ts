import {
  ageOn,
  creditCodeCheckChar,
  idNumberCheckChar,
  maskIdNumber,
  maskMobile,
  maskName,
  parseCreditCode,
  parseIdNumber,
} from './checksums';

const TODAY = '2026-11-24';

describe('parseIdNumber (GB 11643-1999)', () => {
  it.each([
    // The example of the standard itself, and numbers built with a known check character.
    ['11010519491231002X', '1949-12-31', 'female', '110105'],
    ['11010519491231002x', '1949-12-31', 'female', '110105'],
    [
      '140105199003071234'.slice(0, 17) + idNumberCheckChar('14010519900307123'),
      '1990-03-07',
      'male',
      '140105',
    ],
  ])('accepts %s', (id, birthDate, gender, areaCode) => {
    expect(parseIdNumber(id, TODAY)).toEqual({
      ok: true,
      info: { normalized: id.toUpperCase(), birthDate, gender, areaCode },
    });
  });

  it('computes the check character of known numbers', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    // By hand: Σ(digit × weight) = 178, 178 mod 11 = 2 → 'X'.
    expect(idNumberCheckChar('51010819940101003')).toBe('X');
  });

  it.each([
    ['110105194912310021', 'checksum'],
    ['11010519491231002', 'format'],
    ['1101051949123100211', 'format'],
    ['11010519491231002Y', 'format'],
    ['A1010519491231002X', 'format'],
    ['990105194912310024', 'region'],
    ['000105194912310024', 'region'],
    ['110105194902300021', 'birthDate'], // 30 February
    ['110105194913010021', 'birthDate'], // month 13
    ['110105203001010021', 'birthDate'], // in the future
    ['110105189912310021', 'birthDate'], // before 1900
    ['440524188001010014', 'birthDate'], // valid check character, but born 1880
  ])('refuses %s (%s)', (id, problem) => {
    expect(parseIdNumber(id, TODAY)).toEqual({ ok: false, problem });
  });

  it('accepts a leap day only in a leap year', () => {
    const leap = `14010520000229${'12'}`;
    const ok = `${leap}3${idNumberCheckChar(`${leap}3`)}`;
    expect(parseIdNumber(ok, TODAY).ok).toBe(true);
    const notLeap = `14010519990229123`;
    expect(parseIdNumber(`${notLeap}${idNumberCheckChar(notLeap)}`, TODAY)).toEqual({
      ok: false,
      problem: 'birthDate',
    });
  });
});

describe('parseCreditCode (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110000802100433B', '91440300708461136T'])('accepts %s', (code) => {
    expect(parseCreditCode(code)).toEqual({ ok: true, normalized: code, areaCode: code.slice(2, 8) });
  });

  it('accepts lower case and surrounding spaces, normalised', () => {
    expect(parseCreditCode(' 91350100m000100y43 ')).toMatchObject({
      ok: true,
      normalized: '91350100M000100Y43',
    });
  });

  it('computes the check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['91350100M000100Y44', 'checksum'],
    ['91350100M000100Y4', 'format'],
    ['91350100M000100Y433', 'format'],
    ['9135010OM000100Y43', 'format'], // letter O in the area digits
    ['91350100I000100Y43', 'format'], // I is not in the alphabet
    ['91350100M000100Z43', 'format'],
  ])('refuses %s (%s)', (code, problem) => {
    expect(parseCreditCode(code)).toEqual({ ok: false, problem });
  });
});

describe('masking', () => {
  it('shows only the first and last four characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
  });
  it('masks mobiles and names', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskName('王建军')).toBe('王**');
    expect(maskName('王')).toBe('王');
  });
});

describe('ageOn', () => {
  it('counts whole years, birthday included', () => {
    expect(ageOn('1990-11-24', '2026-11-24')).toBe(36);
    expect(ageOn('1990-11-25', '2026-11-24')).toBe(35);
  });
});
