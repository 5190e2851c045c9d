import { invalidArgument } from '@coldreach/errors';
import { isUuid } from './client-id';

/** A keyset position: the last client of a page, in `(create_time DESC, id DESC)` order. */
export interface ListPosition {
  createTime: Date;
  id: string;
}

interface TokenBody {
  /** create_time in epoch milliseconds (stored with millisecond precision, so exact). */
  t: number;
  i: string;
  /** Fingerprint of the workspace and filter the token was issued for. */
  f: string;
}

/** An opaque token for the page after `position`, bound to the listing's `fingerprint`. */
export function encodePageToken(position: ListPosition, fingerprint: string): string {
  const body: TokenBody = { t: position.createTime.getTime(), i: position.id, f: fingerprint };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The position a token stands for. A token that was not issued by `encodePageToken`, or was issued
 * for another workspace or filter, is INVALID_ARGUMENT: reusing it would silently skip or repeat rows.
 */
export function decodePageToken(token: string, fingerprint: string): ListPosition {
  const body = parse(token);
  if (!body) throw invalidArgument([{ field: 'page_token', message: 'is not a valid page token' }]);
  if (body.f !== fingerprint) {
    throw invalidArgument([
      { field: 'page_token', message: 'was issued for a different filter; start again without it' },
    ]);
  }
  return { createTime: new Date(body.t), id: body.i };
}

function parse(token: string): TokenBody | undefined {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody> | null;
    if (typeof body !== 'object' || body === null) return undefined;
    const { t, i, f } = body;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > 8.64e15) return undefined;
    if (typeof i !== 'string' || !isUuid(i) || typeof f !== 'string') return undefined;
    return { t, i: i.toLowerCase(), f };
  } catch {
    return undefined;
  }
}
