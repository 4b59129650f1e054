import { hasUnsafeText } from './text';

describe('hasUnsafeText', () => {
  it('accepts ordinary names, punctuation and emoji', () => {
    for (const name of [
      '张三',
      'Zhang San',
      '阿卜杜拉·艾力',
      "O'Brien-Smith",
      '红星五金店（二分店）',
      '👷 驿站',
    ]) {
      expect(hasUnsafeText(name)).toBe(false);
    }
  });

  it('refuses every bidirectional control', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of [...bidi, '\u200e', '\u200f', '\u061c']) {
      expect(hasUnsafeText(`张${c}三`)).toBe(true);
      expect(hasUnsafeText(`张${c}三`, { multiline: true })).toBe(true);
    }
  });

  it('refuses zero-width and invisible characters', () => {
    for (const c of ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e']) {
      expect(hasUnsafeText(`张${c}三`)).toBe(true);
      expect(hasUnsafeText(`张${c}三`, { multiline: true })).toBe(true);
    }
  });

  it('refuses C0 and C1 controls, line breaks and tabs in a single-line name', () => {
    for (const c of ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(hasUnsafeText(`张${c}三`)).toBe(true);
    }
  });

  it('lets multi-line text keep line breaks and tabs but no other control', () => {
    expect(hasUnsafeText('第一行\n第二行\r\n\t缩进', { multiline: true })).toBe(false);
    for (const c of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085']) {
      expect(hasUnsafeText(`第一行${c}`, { multiline: true })).toBe(true);
    }
  });
});
