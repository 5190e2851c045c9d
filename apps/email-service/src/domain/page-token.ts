import { createHash } from 'node:crypto';
import { invalidArgument } from '@coldreach/errors';

/**
 * A keyset position: the last item of a page in `(time DESC, key DESC)` order. The key is a UUID for
 * mailboxes, deliveries and caught messages, the address for suppressions.
 */
export interface ListPosition {
  time: Date;
  key: string;
}

interface TokenBody {
  /** The time in epoch milliseconds (columns keep milliseconds, so this is exact). */
  t: number;
  k: string;
  /** Fingerprint of the listing, workspace and filter the token was issued for. */
  f: string;
}

const maxKeyLength = 320;

/** Binds page tokens to what they page through: the listing's name, the workspace and the filter. */
export function listingFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** An opaque token for the page after `position`, valid only for the same `fingerprint`. */
export function encodePageToken(position: ListPosition, fingerprint: string): string {
  const body: TokenBody = { t: position.time.getTime(), k: position.key, f: fingerprint };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The position a token stands for. A token this service did not issue, or issued for another
 * listing, workspace or filter, is INVALID_ARGUMENT: reusing it would silently skip or repeat rows.
 */
export function decodePageToken(token: string, fingerprint: string): ListPosition {
  const body = parse(token);
  if (!body) throw invalidArgument([{ field: 'page_token', message: 'is not a valid page token' }]);
  if (body.f !== fingerprint) {
    throw invalidArgument([
      { field: 'page_token', message: 'was issued for a different filter; start again without it' },
    ]);
  }
  return { time: new Date(body.t), key: body.k };
}

function parse(token: string): TokenBody | undefined {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody> | null;
    if (typeof body !== 'object' || body === null) return undefined;
    const { t, k, f } = body;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > 8.64e15) return undefined;
    if (typeof k !== 'string' || k === '' || k.length > maxKeyLength || typeof f !== 'string')
      return undefined;
    return { t, k, f };
  } catch {
    return undefined;
  }
}
