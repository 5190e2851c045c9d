import {
  invalidArgument,
  snakeCaseKey,
  unstorableTextViolations,
  type FieldViolation,
} from '@coldreach/errors';
import {
  decodePageToken,
  defaultPageSize,
  listingFingerprint,
  maxPageSize,
  type ListPosition,
} from '@coldreach/paging';
import { isVerificationStatus, verificationStatuses, type VerificationStatusName } from './client';
import { isUuid } from './client-id';
import { limits } from './validate-client-input';

const maxQueryLength = 200;

/** Filters combine with AND; empty parts match everything. */
export interface ListFilter {
  verificationStatuses: VerificationStatusName[];
  tag: string;
  /** Compared case-insensitively. */
  company: string;
  /** Case-insensitive substring over first name, last name, email and company. */
  query: string;
  /** Case-insensitive substring of the source URL. */
  source: string;
}

/** Both orders are keyset-paged by (create time, id), so they stay fast at any depth. */
export type ListOrder = 'newest' | 'oldest';

export interface ListRequestInput {
  pageSize: number;
  pageToken: string;
  filter: { verificationStatuses: string[]; tag: string; company: string; query: string; source?: string };
  order?: ListOrder;
}

/** A validated ListClients request. */
export interface ListQuery {
  pageSize: number;
  /** Where the previous page ended; undefined for the first page. */
  after: ListPosition | undefined;
  filter: ListFilter;
  order: ListOrder;
  /** Binds page tokens to the workspace and filter they were issued for. */
  fingerprint: string;
}

/** Checks page size, filter and page token; page size 0 means the default, above the maximum is capped. */
export function validateListRequest(workspaceId: string, input: ListRequestInput): ListQuery {
  const violations: FieldViolation[] = [];
  if (!Number.isInteger(input.pageSize) || input.pageSize < 0) {
    violations.push({ field: 'page_size', message: 'must not be negative' });
  }
  const statuses: VerificationStatusName[] = [];
  input.filter.verificationStatuses.forEach((status, index) => {
    if (!isVerificationStatus(status)) {
      violations.push({
        field: `filter.verification_statuses[${index}]`,
        message: `must be one of ${verificationStatuses.join(', ')}`,
      });
    } else if (!statuses.includes(status)) {
      statuses.push(status);
    }
  });
  const filter: ListFilter = {
    verificationStatuses: statuses.sort(),
    tag: input.filter.tag.trim(),
    company: input.filter.company.trim(),
    query: input.filter.query.trim(),
    source: (input.filter.source ?? '').trim(),
  };
  if (filter.tag.length > limits.tagLength)
    violations.push({ field: 'filter.tag', message: `must be at most ${limits.tagLength} characters` });
  if (filter.company.length > limits.text)
    violations.push({ field: 'filter.company', message: `must be at most ${limits.text} characters` });
  if (filter.query.length > maxQueryLength)
    violations.push({ field: 'filter.query', message: `must be at most ${maxQueryLength} characters` });
  if (filter.source.length > maxQueryLength)
    violations.push({ field: 'filter.source', message: `must be at most ${maxQueryLength} characters` });
  // PostgreSQL cannot compare against text it cannot store: a NUL would fail the query itself.
  violations.push(...unstorableTextViolations(input.filter, 'filter', { rename: snakeCaseKey }));
  violations.push(...unstorableTextViolations(input.pageToken, 'page_token'));
  if (violations.length > 0) throw invalidArgument(violations);

  const order = input.order ?? 'newest';
  const fingerprint = filterFingerprint(workspaceId, filter, order);
  return {
    pageSize: input.pageSize === 0 ? defaultPageSize : Math.min(input.pageSize, maxPageSize),
    after:
      input.pageToken === '' ? undefined : decodePageToken(input.pageToken, fingerprint, { key: isUuid }),
    filter,
    order,
    fingerprint,
  };
}

function filterFingerprint(workspaceId: string, filter: ListFilter, order: ListOrder): string {
  // The order and source join the list only when they differ from the defaults, so tokens issued
  // before they existed stay valid.
  const extra = order === 'newest' && filter.source === '' ? [] : [order, filter.source.toLowerCase()];
  return listingFingerprint([
    workspaceId.toLowerCase(),
    filter.verificationStatuses,
    filter.tag,
    filter.company.toLowerCase(),
    filter.query.toLowerCase(),
    ...extra,
  ]);
}
