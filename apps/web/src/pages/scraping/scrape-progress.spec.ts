import { isLive, jobTitle, leadLinks, scrapeProgress, type ScrapeJob } from './scrape-progress';

function job(overrides: Partial<ScrapeJob>, maxPages = 100): ScrapeJob {
  return {
    id: 'j1',
    status: 'running',
    spec: {
      seedUrls: ['https://a.example/'],
      maxPages,
      maxDepth: 2,
      scope: 'same-host',
      allowedDomains: [],
      includePaths: [],
      excludePaths: [],
      respectRobotsTxt: true,
      leadTags: [],
    },
    pagesCrawled: 0,
    pagesQueued: 0,
    pagesFailed: 0,
    pagesSkipped: 0,
    javascriptOnlyPages: 0,
    contactsFound: 0,
    errors: [],
    errorMessage: null,
    createdAt: '2026-12-05T05:00:00Z',
    startedAt: null,
    endedAt: null,
    updatedAt: '2026-12-05T05:00:00Z',
    results: '/api/scrape/j1/results',
    ...overrides,
  };
}

describe('scrape progress', () => {
  it.each([
    ['nothing read yet', job({ status: 'queued' }), { handled: 0, total: 0, percent: 0 }],
    [
      'crawled, failed and skipped pages are all handled',
      job({ pagesCrawled: 6, pagesFailed: 2, pagesSkipped: 2, pagesQueued: 30 }),
      { handled: 10, total: 40, percent: 25 },
    ],
    [
      'the page limit caps what is left to do',
      job({ pagesCrawled: 5, pagesQueued: 500 }, 20),
      { handled: 5, total: 20, percent: 25 },
    ],
    [
      'never more handled than the total',
      job({ pagesCrawled: 20, pagesFailed: 1, pagesQueued: 3 }, 20),
      { handled: 21, total: 21, percent: 100 },
    ],
    [
      'a finished job is complete whatever was queued',
      job({ status: 'cancelled', pagesCrawled: 3, pagesQueued: 40 }),
      { handled: 3, total: 3, percent: 100 },
    ],
  ])('%s', (_name, given, expected) => {
    expect(scrapeProgress(given)).toEqual(expected);
  });

  it('is live while queued or running only', () => {
    expect(
      ['queued', 'running', 'succeeded', 'failed', 'cancelled'].filter((status) =>
        isLive({ status: status as ScrapeJob['status'] }),
      ),
    ).toEqual(['queued', 'running']);
  });

  it('names a job by its first seed', () => {
    expect(jobTitle(job({}))).toBe('https://a.example/');
    expect(
      jobTitle({
        spec: {
          ...job({}).spec,
          seedUrls: ['https://a.example/', 'https://b.example/', 'https://c.example/'],
        },
      }),
    ).toBe('https://a.example/ and 2 more');
  });
});

describe("links to a job's leads", () => {
  const spec = job({}).spec;

  it('links the leads by each tag the job gave them, then by the hosts of its seeds', () => {
    const links = leadLinks({
      spec: {
        ...spec,
        leadTags: ['fair 2026'],
        seedUrls: ['https://www.a.example/team', 'https://a.example/about', 'http://b.example:8080/'],
      },
    });
    expect(links).toEqual([
      { to: '/leads?tag=fair%202026', label: 'Leads tagged fair 2026' },
      { to: '/leads?source=a.example', label: 'Leads found on a.example' },
      { to: '/leads?source=b.example', label: 'Leads found on b.example' },
    ]);
  });

  it('gives at most five', () => {
    const seedUrls = Array.from({ length: 8 }, (_, i) => `https://s${i}.example/`);
    expect(leadLinks({ spec: { ...spec, seedUrls } })).toHaveLength(5);
  });
});
