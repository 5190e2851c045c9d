import type { ScrapeJobView } from './scrape-api-client';
import { formatDuration, isFinished, progressLine, summaryLines } from './scrape-progress';

const job = (fields: Partial<ScrapeJobView> = {}): ScrapeJobView => ({
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  status: 'running',
  spec: { seedUrls: ['https://example.com/'], maxPages: 200, leadTags: [] },
  pagesCrawled: 45,
  pagesQueued: 130,
  pagesFailed: 3,
  pagesSkipped: 2,
  javascriptOnlyPages: 1,
  contactsFound: 12,
  errors: [],
  errorMessage: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  endedAt: null,
  ...fields,
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [65_000, '1:05'],
    [3_600_000 * 12 + 9_000, '12:00:09'],
    [-5, '0:00'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('progressLine', () => {
  it('draws a bar of the pages done out of those known, capped by maxPages', () => {
    // done = 45 + 3 + 2 = 50 of min(200, 50 + 130) = 180.
    expect(progressLine(job(), 42_000)).toBe(
      'running [#####---------------] 45/180 pages · 130 queued · 3 failed · 12 contacts · 0:42',
    );
    expect(progressLine(job({ pagesQueued: 1000 }), 0)).toBe(
      'running [#####---------------] 45/200 pages · 1000 queued · 3 failed · 12 contacts · 0:00',
    );
    expect(progressLine(job({ pagesQueued: 0, status: 'succeeded' }), 0)).toContain('[####################]');
  });

  it('has no bar for plain logs, and says when the job waits for a worker', () => {
    expect(progressLine(job(), 1000, false)).toBe(
      'running 45/180 pages · 130 queued · 3 failed · 12 contacts · 0:01',
    );
    const waiting = job({
      status: 'queued',
      pagesCrawled: 0,
      pagesQueued: 0,
      pagesFailed: 0,
      pagesSkipped: 0,
    });
    expect(progressLine(waiting, 3000)).toBe('queued, waiting for a worker · 0:03');
  });

  it('never divides by zero', () => {
    const empty = job({ pagesCrawled: 0, pagesQueued: 0, pagesFailed: 0, pagesSkipped: 0 });
    expect(progressLine(empty, 0)).toContain('[--------------------] 0/0 pages');
  });
});

describe('summaryLines', () => {
  it('lists the counts, why it failed, the latest errors, and where the results and leads are', () => {
    const failed = job({
      status: 'failed',
      errorMessage: 'every seed was refused',
      pagesFailed: 7,
      errors: Array.from({ length: 7 }, (_, i) => ({ url: `https://example.com/${i}`, message: 'HTTP 404' })),
      spec: { seedUrls: [], maxPages: 200, leadTags: ['spring fair'] },
    });
    const id = failed.id;
    expect(summaryLines(failed, 'http://127.0.0.1:8080', 83_000)).toEqual([
      `Scrape job ${id} failed after 1:23.`,
      '  pages:    45 crawled, 7 failed, 2 skipped (not HTML), 1 JavaScript-only',
      '  contacts: 12',
      '  reason:   every seed was refused',
      '  latest errors (5 of 7):',
      ...[0, 1, 2, 3, 4].map((i) => `    https://example.com/${i}  HTTP 404`),
      `  results:  http://127.0.0.1:8080/api/scrape/${id}/results (JSON), http://127.0.0.1:8080/api/scrape/${id}/results.csv (CSV)`,
      '  leads:    http://127.0.0.1:8080/api/leads?tag=spring%20fair',
    ]);
  });

  it('is short for a clean run', () => {
    expect(summaryLines(job({ status: 'succeeded' }), 'http://api', 0)).toHaveLength(4);
  });
});

describe('isFinished', () => {
  it.each([
    ['queued', false],
    ['running', false],
    ['succeeded', true],
    ['failed', true],
    ['cancelled', true],
  ])('%s: %s', (status, finished) => expect(isFinished(job({ status }))).toBe(finished));
});
