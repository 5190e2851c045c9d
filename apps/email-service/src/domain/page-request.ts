import { isUuid } from '@coldreach/ids';
import type { FieldViolation } from '@coldreach/errors';
import { listingFingerprint, pageOf, readPageRequest, type ListPosition } from '@coldreach/paging';

/** Suppressions are keyed by address; no stored address is longer. */
const maxAddressKeyLength = 320;

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
  const fingerprint = listingFingerprint(scope);
  const key =
    options.uuidKeys === false ? (address: string) => address.length <= maxAddressKeyLength : isUuid;
  return { ...readPageRequest(request, fingerprint, { violations: options.violations, key }), fingerprint };
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
  return pageOf(rows, query.pageSize, positionOf, query.fingerprint);
}
