import { counterCodeOf, formatCounterCode } from './counter-code';

describe('counter codes', () => {
  it('reads 8 digits typed with or without spaces, and nothing else', () => {
    expect(counterCodeOf('4821 0937')).toBe('48210937');
    expect(counterCodeOf(' 48210937 ')).toBe('48210937');
    expect(counterCodeOf('4821\u30000937')).toBe('48210937');
    for (const text of ['4821093', '482109371', '4821-0937', 'eyJjIjoi.abc', '']) {
      expect(counterCodeOf(text)).toBeNull();
    }
  });

  it('groups the digits for reading aloud', () => {
    expect(formatCounterCode('48210937')).toBe('4821 0937');
    expect(counterCodeOf(formatCounterCode('00000042'))).toBe('00000042');
  });
});
