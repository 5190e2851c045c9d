import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { DomainError } from '@coldreach/errors';

/** A signing secret, or for verifying, several (the current one first) so secrets can be rotated. */
export type TokenSecret = string | Uint8Array;

const minimumSecretBytes = 32;
const tokenPattern = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/**
 * `<body>.<mac>`: the MAC is HMAC-SHA256 over `context` and the base64url `body`, base64url too.
 * The context binds a MAC to one use, so the same secret never makes a token valid for another.
 */
export function signTokenBody(body: string, secret: TokenSecret, context: string): string {
  return `${body}.${macOf(body, checkedSecret(secret), context)}`;
}

/** A verified token's body, or why it was refused. */
export type VerifiedTokenBody = { body: string } | { refused: 'is malformed' | 'has an invalid signature' };

/**
 * The body of a `<body>.<mac>` token one of `secrets` signed under `context`, or why not: malformed
 * (or longer than `maxLength`), or signed with no such secret and context.
 */
export function verifyTokenBody(
  token: unknown,
  secrets: TokenSecret | readonly TokenSecret[],
  context: string,
  maxLength: number,
): VerifiedTokenBody {
  const match = typeof token === 'string' && token.length <= maxLength ? tokenPattern.exec(token) : null;
  const body = match?.[1];
  const mac = match?.[2];
  if (!body || !mac) return { refused: 'is malformed' };
  const secretList = (Array.isArray(secrets) ? secrets : [secrets]) as readonly TokenSecret[];
  // Comparing the base64url text, not decoded bytes, also refuses a non-canonical final character.
  const given = Buffer.from(mac, 'ascii');
  const signed = secretList.some((secret) =>
    timingSafeEqual(Buffer.from(macOf(body, checkedSecret(secret), context), 'ascii'), given),
  );
  return signed ? { body } : { refused: 'has an invalid signature' };
}

function macOf(body: string, secret: KeyObject, context: string): string {
  return createHmac('sha256', secret).update(context).update(body).digest('base64url');
}

// createHmac with raw key bytes costs about ten times what it does with a KeyObject (it checks and
// copies the key on every call), and every email signs tokens: each secret becomes one once.
const secretKeys = new Map<string, KeyObject>();
const maxCachedSecrets = 16;

function checkedSecret(secret: TokenSecret): KeyObject {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const cacheKey = bytes.toString('base64');
  const cached = secretKeys.get(cacheKey);
  if (cached) return cached;
  if (bytes.length < minimumSecretBytes) {
    // Says nothing about the secret itself: it must never reach a log.
    throw new DomainError('internal', `a token signing secret must be at least ${minimumSecretBytes} bytes`);
  }
  if (secretKeys.size >= maxCachedSecrets) secretKeys.clear();
  const key = createSecretKey(bytes);
  secretKeys.set(cacheKey, key);
  return key;
}
