import {
  exportHref,
  filterQuery,
  filtersFromParams,
  isFiltered,
  noFilters,
  paramsFromFilters,
  verificationTone,
} from './lead-filters';

describe('lead filters in the URL', () => {
  it('reads every filter back from the params it wrote', () => {
    const filters = {
      q: 'ada',
      tag: 'vip',
      company: 'Acme',
      source: 'acme.com',
      status: 'risky',
      sort: 'oldest',
    } as const;
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
  });

  it('leaves out what is blank or the default, and trims text', () => {
    expect(filterQuery({ ...noFilters, q: '  ada ', tag: '   ' })).toEqual({ q: 'ada' });
    expect(paramsFromFilters(noFilters).toString()).toBe('');
  });

  it('ignores a status or sort it does not know', () => {
    expect(filtersFromParams(new URLSearchParams('status=great&sort=name'))).toEqual(noFilters);
  });

  it('builds the export link with the same query as the list', () => {
    expect(exportHref(noFilters)).toBe('/api/leads/export');
    expect(exportHref({ ...noFilters, company: 'A & B', status: 'valid' })).toBe(
      '/api/leads/export?company=A+%26+B&status=valid',
    );
  });

  it('says whether anything narrows the list (the sort does not)', () => {
    expect(isFiltered({ ...noFilters, sort: 'oldest' })).toBe(false);
    expect(isFiltered({ ...noFilters, source: 'x' })).toBe(true);
  });
});

describe('verificationTone', () => {
  it.each([
    ['valid', 'good'],
    ['risky', 'warn'],
    ['invalid', 'bad'],
    ['unknown', 'info'],
    ['unverified', 'neutral'],
  ] as const)('%s → %s', (status, tone) => {
    expect(verificationTone(status)).toBe(tone);
  });
});
