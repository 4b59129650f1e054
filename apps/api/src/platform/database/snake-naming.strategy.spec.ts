import { snakeCase } from './snake-naming.strategy';

describe('snakeCase', () => {
  it.each([
    ['areaCode', 'area_code'],
    ['userID', 'user_id'],
    ['HTTPRequestId', 'http_request_id'],
    ['path', 'path'],
    ['refreshTokenExpiresAt', 'refresh_token_expires_at'],
  ])('%s → %s', (input, expected) => {
    expect(snakeCase(input)).toBe(expected);
  });
});
