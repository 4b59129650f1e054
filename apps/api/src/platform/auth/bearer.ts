/** An access token's shape: three base64url segments (header, claims, signature). */
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * The token of an `Authorization: Bearer <token>` header, or null. The whole header must be the scheme and one
 * token: anything after it (passport-jwt's own extractor keeps the first word and drops the rest) is refused, so
 * a header that says more than it proves never authenticates.
 */
export function bearerTokenOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}
