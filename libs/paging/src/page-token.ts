import { createHash } from 'node:crypto';
import { invalidArgument, type FieldViolation } from '@coldreach/errors';

/** A keyset position: the last row of a page in `(time DESC, key DESC)` order. */
export interface ListPosition {
  time: Date;
  key: string;
}

/** What a listing accepts back in a token. */
export interface PageTokenOptions {
  /**
   * Whether a key fits the listing's key column, e.g. `isUuid`: the fingerprint is no secret, so a
   * hand-made token could carry any key. Any non-empty key passes when absent.
   */
  key?: (key: string) => boolean;
}

export const defaultPageSize = 50;
export const maxPageSize = 500;

interface TokenBody {
  /** The time in epoch milliseconds (columns keep milliseconds, so this is exact). */
  t: number;
  k: string;
  /** Fingerprint of the listing (workspace, parent and filter) the token was issued for. */
  f: string;
}

/** A short hash of everything a listing depends on, so a token cannot be replayed on another one. */
export function listingFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** An opaque token for the page after `position`, bound to the listing's `fingerprint`. */
export function encodePageToken(position: ListPosition, fingerprint: string): string {
  const body: TokenBody = { t: position.time.getTime(), k: position.key, f: fingerprint };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The position a token stands for. A token that was not issued by `encodePageToken`, or was issued
 * for another listing, workspace or filter, is INVALID_ARGUMENT: reusing it would silently skip or
 * repeat rows.
 */
export function decodePageToken(
  token: string,
  fingerprint: string,
  options: PageTokenOptions = {},
): ListPosition {
  const body = parse(token, options.key ?? (() => true));
  if (!body) throw invalidArgument([{ field: 'page_token', message: 'is not a valid page token' }]);
  if (body.f !== fingerprint) {
    throw invalidArgument([
      { field: 'page_token', message: 'was issued for a different filter; start again without it' },
    ]);
  }
  return { time: new Date(body.t), key: body.k };
}

/**
 * A validated page request: its size (0 → default, capped at the maximum) and where it starts.
 * `violations` are the caller's own problems with the request, reported together with page_size's.
 */
export function readPageRequest(
  request: { pageSize: number; pageToken: string },
  fingerprint: string,
  options: PageTokenOptions & { violations?: FieldViolation[] } = {},
): { pageSize: number; after: ListPosition | undefined } {
  const violations = options.violations ?? [];
  if (!Number.isInteger(request.pageSize) || request.pageSize < 0) {
    violations.push({ field: 'page_size', message: 'must not be negative' });
  }
  if (violations.length > 0) throw invalidArgument(violations);
  return {
    pageSize: request.pageSize === 0 ? defaultPageSize : Math.min(request.pageSize, maxPageSize),
    after: request.pageToken === '' ? undefined : decodePageToken(request.pageToken, fingerprint, options),
  };
}

/**
 * One page from `rows` fetched with `pageSize + 1` (the extra row tells whether another page follows
 * without a count query) and the token for the next page, empty on the last.
 */
export function pageOf<T>(
  rows: readonly T[],
  pageSize: number,
  positionOf: (row: T) => ListPosition,
  fingerprint: string,
): { items: T[]; nextPageToken: string } {
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  const nextPageToken = rows.length > pageSize && last ? encodePageToken(positionOf(last), fingerprint) : '';
  return { items, nextPageToken };
}

function parse(token: string, validKey: (key: string) => boolean): TokenBody | undefined {
  // Long enough for a key of 320 characters (an email address); a UUID key needs far less.
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody> | null;
    if (typeof body !== 'object' || body === null) return undefined;
    const { t, k, f } = body;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > 8.64e15) return undefined;
    if (typeof k !== 'string' || k === '' || !validKey(k) || typeof f !== 'string') return undefined;
    return { t, k, f };
  } catch {
    return undefined;
  }
}
