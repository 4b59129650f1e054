import { bearerTokenOf } from './bearer';

describe('bearerTokenOf', () => {
  const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

  it('reads the one token of a Bearer header, whatever the scheme case', () => {
    expect(bearerTokenOf(`Bearer ${token}`)).toBe(token);
    expect(bearerTokenOf(`bearer ${token}`)).toBe(token);
  });

  it('refuses text after the token, other schemes, malformed tokens and repeated headers', () => {
    for (const header of [
      `Bearer ${token} trailing`,
      `Bearer ${token}\tx`,
      `Bearer  ${token}`,
      `Basic ${token}`,
      'Bearer not-a-jwt',
      `Bearer ${token}.extra`,
      '',
    ]) {
      expect([header, bearerTokenOf(header)]).toEqual([header, null]);
    }
    expect(bearerTokenOf([`Bearer ${token}`, `Bearer ${token}`])).toBeNull();
    expect(bearerTokenOf(undefined)).toBeNull();
  });
});
