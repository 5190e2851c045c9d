import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { DomainError, invalidArgument } from '@coldreach/errors';

/**
 * What an unsubscribe link names. No address: the token travels in URLs (logs, proxies, browser
 * history), so it carries only ids; the delivery row holds the exact address the email went to,
 * which stays right even if the client's address changes or the client is deleted later.
 */
export interface UnsubscribeTokenPayload {
  workspaceId: string;
  clientId: string;
  deliveryId: string;
  /** Kept to the second in the token. */
  issuedAt: Date;
}

/** A signing secret, or for verifying, several (the current one first) so secrets can be rotated. */
export type UnsubscribeTokenSecret = string | Uint8Array;

/** The issue promises links that work for at least 30 days; shorter windows are refused. */
export const minimumUnsubscribeTokenAgeDays = 30;
const defaultMaxAgeDays = 60;
// Tokens issued by a host whose clock runs a little ahead must still verify elsewhere.
const allowedClockSkewSeconds = 300;
const minimumSecretBytes = 32;
const maximumTokenLength = 1024;
const maximumIdLength = 200;
// Binds the MAC to this use, so the same secret can never make a MAC valid anywhere else.
const macContext = 'coldreach.unsubscribe-token.v1.';
const tokenPattern = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

interface EncodedPayload {
  v: 1;
  w: string;
  c: string;
  d: string;
  t: number;
}

/** A URL-safe token for the RFC 8058 one-click link: base64url JSON of the ids, a dot, HMAC-SHA256. */
export function createUnsubscribeToken(
  payload: UnsubscribeTokenPayload,
  secret: UnsubscribeTokenSecret,
): string {
  for (const [name, value] of Object.entries({
    workspaceId: payload.workspaceId,
    clientId: payload.clientId,
    deliveryId: payload.deliveryId,
  })) {
    if (!value || value.length > maximumIdLength) {
      throw invalidArgument([{ field: name, message: `must be 1 to ${maximumIdLength} characters` }]);
    }
  }
  const issuedAtSeconds = Math.floor(payload.issuedAt.getTime() / 1000);
  if (!Number.isSafeInteger(issuedAtSeconds))
    throw invalidArgument([{ field: 'issuedAt', message: 'invalid date' }]);
  const encoded: EncodedPayload = {
    v: 1,
    w: payload.workspaceId,
    c: payload.clientId,
    d: payload.deliveryId,
    t: issuedAtSeconds,
  };
  const body = Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
  return `${body}.${macOf(body, checkedSecret(secret))}`;
}

/**
 * The payload of a token this service signed, or INVALID_ARGUMENT when it is malformed, tampered
 * with, signed with another secret, issued in the future or older than `maxAgeDays` (default 60).
 */
export function verifyUnsubscribeToken(
  token: string,
  secrets: UnsubscribeTokenSecret | readonly UnsubscribeTokenSecret[],
  options: { now: Date; maxAgeDays?: number },
): UnsubscribeTokenPayload {
  const maxAgeDays = options.maxAgeDays ?? defaultMaxAgeDays;
  if (!(maxAgeDays >= minimumUnsubscribeTokenAgeDays)) {
    throw new DomainError(
      'internal',
      `unsubscribe tokens must stay valid ${minimumUnsubscribeTokenAgeDays} days`,
    );
  }
  const match =
    typeof token === 'string' && token.length <= maximumTokenLength ? tokenPattern.exec(token) : null;
  const body = match?.[1];
  const mac = match?.[2];
  if (!body || !mac) throw badToken('is malformed');

  const secretList = (Array.isArray(secrets) ? secrets : [secrets]) as readonly UnsubscribeTokenSecret[];
  // Comparing the base64url text, not decoded bytes, also refuses a non-canonical final character.
  const given = Buffer.from(mac, 'ascii');
  const signed = secretList.some((secret) =>
    timingSafeEqual(Buffer.from(macOf(body, checkedSecret(secret)), 'ascii'), given),
  );
  if (!signed) throw badToken('has an invalid signature');

  const payload = decodePayload(body);
  if (!payload) throw badToken('is malformed');
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (payload.t > nowSeconds + allowedClockSkewSeconds) throw badToken('was issued in the future');
  if (nowSeconds - payload.t > maxAgeDays * 86_400) throw badToken('has expired');
  return {
    workspaceId: payload.w,
    clientId: payload.c,
    deliveryId: payload.d,
    issuedAt: new Date(payload.t * 1000),
  };
}

function macOf(body: string, secret: KeyObject): string {
  return createHmac('sha256', secret).update(macContext).update(body).digest('base64url');
}

// createHmac with raw key bytes costs about ten times what it does with a KeyObject (it checks and
// copies the key on every call), and every email signs a token: each secret becomes one once.
const secretKeys = new Map<string, KeyObject>();
const maxCachedSecrets = 16;

function checkedSecret(secret: UnsubscribeTokenSecret): KeyObject {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const cacheKey = bytes.toString('base64');
  const cached = secretKeys.get(cacheKey);
  if (cached) return cached;
  if (bytes.length < minimumSecretBytes) {
    // Says nothing about the secret itself: it must never reach a log.
    throw new DomainError(
      'internal',
      `the unsubscribe token secret must be at least ${minimumSecretBytes} bytes`,
    );
  }
  if (secretKeys.size >= maxCachedSecrets) secretKeys.clear();
  const key = createSecretKey(bytes);
  secretKeys.set(cacheKey, key);
  return key;
}

function decodePayload(body: string): EncodedPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, w, c, d, t } = value as Record<string, unknown>;
  const isId = (id: unknown): id is string =>
    typeof id === 'string' && id.length > 0 && id.length <= maximumIdLength;
  if (v !== 1 || !isId(w) || !isId(c) || !isId(d) || !Number.isSafeInteger(t)) return undefined;
  return { v, w, c, d, t: t as number };
}

function badToken(problem: string): DomainError {
  return invalidArgument([{ field: 'token', message: `the unsubscribe token ${problem}` }]);
}
