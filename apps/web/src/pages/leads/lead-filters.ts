import type { components } from '../../gen/api-schema';

export type Lead = components['schemas']['Lead'];
export type VerificationStatus = Lead['verificationStatus'];
export type LeadSort = 'newest' | 'oldest';

export const verificationStatuses: readonly VerificationStatus[] = [
  'unverified',
  'valid',
  'risky',
  'invalid',
  'unknown',
];

/** What the Leads table shows: kept in the URL's search params, so a reload or a shared link keeps it. */
export interface LeadFilters {
  q: string;
  tag: string;
  company: string;
  source: string;
  /** Empty: every status. */
  status: VerificationStatus | '';
  sort: LeadSort;
}

export const noFilters: LeadFilters = { q: '', tag: '', company: '', source: '', status: '', sort: 'newest' };

const textKeys = ['q', 'tag', 'company', 'source'] as const;

/** The filters a URL names; anything it names wrongly (an unknown status or sort) is left out. */
export function filtersFromParams(params: URLSearchParams): LeadFilters {
  const status = params.get('status') ?? '';
  const filters: LeadFilters = {
    ...noFilters,
    status: (verificationStatuses as readonly string[]).includes(status)
      ? (status as VerificationStatus)
      : '',
    sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest',
  };
  for (const key of textKeys) filters[key] = params.get(key) ?? '';
  return filters;
}

/**
 * The query both the list and the export take: only what narrows the list (blank text and the default
 * sort are left out, so the URL stays short and a blank field never filters).
 */
export function filterQuery(filters: LeadFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of textKeys) {
    const value = filters[key].trim();
    if (value !== '') query[key] = value;
  }
  if (filters.status) query.status = filters.status;
  if (filters.sort !== 'newest') query.sort = filters.sort;
  return query;
}

/** The URL's search params for the filters (the same keys as the API's query). */
export function paramsFromFilters(filters: LeadFilters): URLSearchParams {
  return new URLSearchParams(filterQuery(filters));
}

/** Where "Export CSV" downloads every lead matching the filters (a GET: the cookie is enough). */
export function exportHref(filters: LeadFilters): string {
  const query = paramsFromFilters(filters).toString();
  return query === '' ? '/api/leads/export' : `/api/leads/export?${query}`;
}

/** Whether any filter narrows the list (an empty list then means "nothing matches", not "no leads"). */
export function isFiltered(filters: LeadFilters): boolean {
  return Object.keys(filterQuery({ ...filters, sort: 'newest' })).length > 0;
}

/** The badge tone of a verification status: good news green, bad red, doubt amber. */
export function verificationTone(status: VerificationStatus): 'good' | 'warn' | 'bad' | 'neutral' | 'info' {
  switch (status) {
    case 'valid':
      return 'good';
    case 'risky':
      return 'warn';
    case 'invalid':
      return 'bad';
    case 'unknown':
      return 'info';
    default:
      return 'neutral';
  }
}
