import { ERROR_MESSAGES_ZH, ErrorCode, isApiErrorBody } from './errors';

describe('error contract', () => {
  it('has a Chinese message for every code and nothing else', () => {
    expect(Object.keys(ERROR_MESSAGES_ZH).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const text of Object.values(ERROR_MESSAGES_ZH)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('recognises error bodies', () => {
    expect(isApiErrorBody({ code: 'FORBIDDEN', message: 'x' })).toBe(true);
    expect(isApiErrorBody({ message: 'x' })).toBe(false);
    expect(isApiErrorBody(null)).toBe(false);
  });
});
