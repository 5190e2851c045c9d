import { invalidArgument } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { signTokenBody, verifyTokenBody, type TokenSecret } from './signed-token';

/** What an open pixel names: the delivery, in its workspace. */
export interface OpenTokenPayload {
  workspaceId: string;
  deliveryId: string;
}

/** What a rewritten link names: the delivery, the link's position in it, and the link's target. */
export interface ClickTokenPayload extends OpenTokenPayload {
  linkIndex: number;
  url: string;
}

/** Longer links are left as they are (untracked), so a token always fits in a URL path. */
export const maxTrackedUrlLength = 2048;
/** Links after this many in one email are left as they are. */
export const maxTrackedLinks = 500;

// One context per kind: an open token can never pass for a click token, nor either for an
// unsubscribe token, even though all are signed with the same secrets.
const openContext = 'coldreach.open-token.v1.';
const clickContext = 'coldreach.click-token.v1.';
const idBytes = 16;
const indexBytes = 2;
// The body is base64url of bytes (4 characters per 3), then a dot and the MAC; normal-form URLs are
// ASCII, one byte a character.
const maxClickTokenLength = Math.ceil(((2 * idBytes + indexBytes + maxTrackedUrlLength) * 4) / 3) + 44;
const openTokenLength = Math.ceil((2 * idBytes * 4) / 3) + 44;

/**
 * A URL-safe open-pixel token: the two ids as 32 raw bytes (base64url), a dot, HMAC-SHA256. It
 * carries no issue time: a pixel may be loaded months later, and a token names nothing but the
 * delivery it was made for.
 */
export function createOpenToken(payload: OpenTokenPayload, secret: TokenSecret): string {
  return signTokenBody(idsOf(payload).toString('base64url'), secret, openContext);
}

/**
 * A URL-safe click token: the ids, the link's index and the target URL (UTF-8) under one MAC, so
 * the redirect can only ever go to the URL that was in that email. INVALID_ARGUMENT for a URL that
 * is not absolute http(s) or is longer than maxTrackedUrlLength, or an index out of range.
 */
export function createClickToken(payload: ClickTokenPayload, secret: TokenSecret): string {
  if (!Number.isInteger(payload.linkIndex) || payload.linkIndex < 0 || payload.linkIndex >= maxTrackedLinks)
    throw invalidArgument([{ field: 'linkIndex', message: `must be 0 to ${maxTrackedLinks - 1}` }]);
  if (payload.url.length > maxTrackedUrlLength || trackableUrl(payload.url) !== payload.url)
    throw invalidArgument([{ field: 'url', message: 'must be an absolute http(s) URL in normal form' }]);
  const index = Buffer.alloc(indexBytes);
  index.writeUInt16BE(payload.linkIndex);
  const body = Buffer.concat([idsOf(payload), index, Buffer.from(payload.url, 'utf8')]);
  return signTokenBody(body.toString('base64url'), secret, clickContext);
}

/** The payload of an open token one of `secrets` signed; undefined for anything else. */
export function verifyOpenToken(
  token: unknown,
  secrets: TokenSecret | readonly TokenSecret[],
): OpenTokenPayload | undefined {
  const verified = verifyTokenBody(token, secrets, openContext, openTokenLength);
  if ('refused' in verified) return undefined;
  const bytes = Buffer.from(verified.body, 'base64url');
  return bytes.length === 2 * idBytes ? idsFrom(bytes) : undefined;
}

/** The payload of a click token one of `secrets` signed; undefined for anything else. */
export function verifyClickToken(
  token: unknown,
  secrets: TokenSecret | readonly TokenSecret[],
): ClickTokenPayload | undefined {
  const verified = verifyTokenBody(token, secrets, clickContext, maxClickTokenLength);
  if ('refused' in verified) return undefined;
  const bytes = Buffer.from(verified.body, 'base64url');
  if (bytes.length <= 2 * idBytes + indexBytes) return undefined;
  const url = bytes.subarray(2 * idBytes + indexBytes).toString('utf8');
  // Signed by us, so this holds; checked anyway, as the one thing between a token and a redirect.
  if (trackableUrl(url) !== url) return undefined;
  return { ...idsFrom(bytes), linkIndex: bytes.readUInt16BE(2 * idBytes), url };
}

/**
 * The normal form (WHATWG serialisation: ASCII only, safe in a Location header) of an absolute
 * http(s) URL, or undefined for anything else (relative, mailto:, tel:, javascript:, too long).
 */
export function trackableUrl(href: string): string | undefined {
  if (href.length > maxTrackedUrlLength || !/^\s*https?:\/\//i.test(href)) return undefined;
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.length <= maxTrackedUrlLength ? url.href : undefined;
}

function idsOf(payload: OpenTokenPayload): Buffer {
  for (const [field, value] of [
    ['workspaceId', payload.workspaceId],
    ['deliveryId', payload.deliveryId],
  ] as const) {
    if (!isUuid(value)) throw invalidArgument([{ field, message: 'must be a UUID' }]);
  }
  return Buffer.from(`${payload.workspaceId}${payload.deliveryId}`.replace(/-/g, ''), 'hex');
}

function idsFrom(bytes: Buffer): OpenTokenPayload {
  return {
    workspaceId: uuidOf(bytes.subarray(0, idBytes)),
    deliveryId: uuidOf(bytes.subarray(idBytes, 2 * idBytes)),
  };
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
