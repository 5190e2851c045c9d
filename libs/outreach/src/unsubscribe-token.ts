import { DomainError, invalidArgument } from '@coldreach/errors';
import { signTokenBody, verifyTokenBody, type TokenSecret } from './signed-token';

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
export type UnsubscribeTokenSecret = TokenSecret;

/** The issue promises links that work for at least 30 days; shorter windows are refused. */
export const minimumUnsubscribeTokenAgeDays = 30;
const defaultMaxAgeDays = 60;
// Tokens issued by a host whose clock runs a little ahead must still verify elsewhere.
const allowedClockSkewSeconds = 300;
const maximumTokenLength = 1024;
const maximumIdLength = 200;
// Binds the MAC to this use, so the same secret can never make a MAC valid anywhere else.
const macContext = 'coldreach.unsubscribe-token.v1.';

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
  return signTokenBody(body, secret, macContext);
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
  const verified = verifyTokenBody(token, secrets, macContext, maximumTokenLength);
  if ('refused' in verified) throw badToken(verified.refused);
  const payload = decodePayload(verified.body);
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
