/**
 * Characters that garble a name wherever it is listed: bidirectional controls reorder the text around them
 * (U+202E makes "abc" read "cba"), zero-width characters make two names look identical or a name look empty.
 */
const INVISIBLE_OR_BIDI = '\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';

const UNSAFE_SINGLE_LINE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE_OR_BIDI}]`, 'u');
// Multi-line text keeps line breaks and tabs; every other control character is still refused.
const UNSAFE_MULTILINE = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f${INVISIBLE_OR_BIDI}]`,
  'u',
);

/** Why `hasUnsafeText` refused a value, for API validation details. */
export const UNSAFE_TEXT_REASON = 'contains invisible or direction-control characters';

/** The same reason for people (roster import rows, mini-program forms). */
export const UNSAFE_TEXT_LABEL = '含有不可见字符或文字方向控制符';

/**
 * True when `value` holds a bidi control, a zero-width/invisible character or a control character.
 * Single-line text (names, titles) allows no control character at all; `multiline` text allows \n, \r and \t.
 */
export function hasUnsafeText(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? UNSAFE_MULTILINE : UNSAFE_SINGLE_LINE).test(value);
}
