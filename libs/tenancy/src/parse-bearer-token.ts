// RFC 6750 §2.1: the scheme is case-insensitive, then one or more spaces, then one b64token.
const bearerPattern = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer <token>` header, or null for a missing or malformed header. */
export function parseBearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = bearerPattern.exec(header.trim());
  return match?.[1] ?? null;
}
