import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, logs, support). */
export const apiKeyPrefix = 'crk_';

const randomByteCount = 32;
/** base64url of 32 bytes, without padding. */
const encodedLength = Math.ceil((randomByteCount * 8) / 6);
const apiKeyPattern = new RegExp(`^${apiKeyPrefix}[A-Za-z0-9_-]{${encodedLength}}$`);

/** How many leading characters of a key are stored and shown, so a person can tell keys apart. */
export const displayPrefixLength = 12;

/** A new API key: the prefix and 256 random bits, base64url. */
export function generateApiKey(): string {
  return apiKeyPrefix + randomBytes(randomByteCount).toString('base64url');
}

/**
 * The stored form of a key. A plain SHA-256 is enough (no salt, no slow hash): the key is 256 random
 * bits, so there is nothing to brute-force, and a deterministic hash lets us look the key up by index.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key that may be stored in clear and shown in listings. */
export function displayPrefixOf(key: string): string {
  return key.slice(0, displayPrefixLength);
}

/** True when `token` has the shape of a Cold Reach key; lets callers reject garbage before a query. */
export function looksLikeApiKey(token: string): boolean {
  return apiKeyPattern.test(token);
}
