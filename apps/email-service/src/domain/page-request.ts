import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { isUuid } from '@coldreach/db';
import { decodePageToken, encodePageToken, listingFingerprint, type ListPosition } from './page-token';

export const defaultPageSize = 50;
export const maxPageSize = 500;

/** A validated page request of one listing. */
export interface PageQuery {
  pageSize: number;
  /** Where the previous page ended; undefined for the first page. */
  after: ListPosition | undefined;
  fingerprint: string;
}

/**
 * Checks a page size and token for a listing whose workspace and filter are `scope`. A page size of 0
 * means the default and one above the maximum is capped; `violations` are the filter's own problems,
 * reported together with the page size's. Keys are UUIDs unless `uuidKeys` is false.
 */
export function pageQuery(
  request: { pageSize: number; pageToken: string },
  scope: readonly unknown[],
  options: { violations?: FieldViolation[]; uuidKeys?: boolean } = {},
): PageQuery {
  const violations = options.violations ?? [];
  if (!Number.isInteger(request.pageSize) || request.pageSize < 0) {
    violations.push({ field: 'page_size', message: 'must not be negative' });
  }
  if (violations.length > 0) throw invalidArgument(violations);
  const fingerprint = listingFingerprint(scope);
  return {
    pageSize: request.pageSize === 0 ? defaultPageSize : Math.min(request.pageSize, maxPageSize),
    after:
      request.pageToken === '' ? undefined : decodeAfter(request.pageToken, fingerprint, options.uuidKeys),
    fingerprint,
  };
}

function decodeAfter(token: string, fingerprint: string, uuidKeys = true): ListPosition {
  const position = decodePageToken(token, fingerprint);
  // The fingerprint is no secret, so a hand-made token could carry any key; it must fit the column.
  if (uuidKeys && !isUuid(position.key))
    throw invalidArgument([{ field: 'page_token', message: 'is not a valid page token' }]);
  return position;
}

/**
 * One page from `rows` (fetched with `pageSize + 1`, so one extra row tells whether another page
 * follows without a count query) and the token for the next one.
 */
export function toPage<T>(
  rows: readonly T[],
  query: PageQuery,
  positionOf: (item: T) => ListPosition,
): { items: T[]; nextPageToken: string } {
  const items = rows.slice(0, query.pageSize);
  const last = items[items.length - 1];
  const nextPageToken =
    rows.length > query.pageSize && last ? encodePageToken(positionOf(last), query.fingerprint) : '';
  return { items, nextPageToken };
}
