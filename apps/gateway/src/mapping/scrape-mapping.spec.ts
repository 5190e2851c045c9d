import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ScrapeJobSchema,
  ScrapeJobSpecSchema,
  ScrapeJobStatus,
  ScrapeResultSchema,
  ScrapeScope,
} from '@coldreach/contracts';
import { invalidArgument, type DomainError } from '@coldreach/errors';
import { domainErrorToConnect } from '@coldreach/grpc';
import {
  scopeName,
  scrapeJobFromProto,
  scrapeResultFromProto,
  scrapeSpecFieldNames,
  scrapeSpecFromBody,
} from './scrape-mapping';
import { callService } from './service-call';

const jobId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const at = (iso: string) => timestampFromDate(new Date(iso));

describe('POST /api/scrape body → ScrapeJobSpec', () => {
  it('carries every field, renaming the path globs and the scope', () => {
    expect(
      scrapeSpecFromBody({
        seedUrls: ['https://example.com/'],
        maxPages: 200,
        maxDepth: 3,
        scope: 'listed-domains',
        allowedDomains: ['example.com'],
        includePaths: ['/team/**'],
        excludePaths: ['/blog/**'],
        respectRobotsTxt: false,
        leadTags: ['example-crawl'],
      }),
    ).toEqual({
      seedUrls: ['https://example.com/'],
      maxPages: 200,
      maxDepth: 3,
      scope: ScrapeScope.LISTED_DOMAINS,
      allowedDomains: ['example.com'],
      allowedPathPatterns: ['/team/**'],
      excludedPathPatterns: ['/blog/**'],
      respectRobotsTxt: false,
      leadTags: ['example-crawl'],
    });
  });

  it("leaves what is absent to the service's defaults (0 pages, unset depth, robots and scope)", () => {
    expect(scrapeSpecFromBody({ seedUrls: ['http://a.example/'] })).toEqual({
      seedUrls: ['http://a.example/'],
      maxPages: 0,
      maxDepth: undefined,
      scope: ScrapeScope.UNSPECIFIED,
      allowedDomains: [],
      allowedPathPatterns: [],
      excludedPathPatterns: [],
      respectRobotsTxt: undefined,
      leadTags: [],
    });
    // maxDepth 0 (seeds only) is a value, not "absent".
    expect(scrapeSpecFromBody({ seedUrls: ['http://a.example/'], maxDepth: 0 }).maxDepth).toBe(0);
  });

  it.each([
    ['same-host', ScrapeScope.SAME_HOST],
    ['same-domain', ScrapeScope.SAME_DOMAIN],
    ['listed-domains', ScrapeScope.LISTED_DOMAINS],
  ] as const)('maps scope %s both ways', (name, value) => {
    expect(scrapeSpecFromBody({ seedUrls: ['http://a.example/'], scope: name }).scope).toBe(value);
    expect(scopeName(create(ScrapeJobSpecSchema, { scope: value }))).toBe(name);
  });

  it('reads an unset scope as the contract says: same_domain_only false is same-domain', () => {
    expect(scopeName(create(ScrapeJobSpecSchema, { sameDomainOnly: false }))).toBe('same-domain');
    expect(scopeName(create(ScrapeJobSpecSchema, { sameDomainOnly: true }))).toBe('same-host');
    expect(scopeName(create(ScrapeJobSpecSchema, {}))).toBe('same-host');
    expect(scopeName(undefined)).toBe('same-host');
  });
});

describe("the service's field names → the body's", () => {
  it.each([
    ['spec.seed_urls[2]', 'body.seedUrls[2]'],
    ['spec.seed_urls', 'body.seedUrls'],
    ['spec.max_pages', 'body.maxPages'],
    ['spec.max_depth', 'body.maxDepth'],
    ['spec.allowed_domains[0]', 'body.allowedDomains[0]'],
    ['spec.allowed_path_patterns[1]', 'body.includePaths[1]'],
    ['spec.excluded_path_patterns[0]', 'body.excludePaths[0]'],
    ['spec.lead_tags[3]', 'body.leadTags[3]'],
    ['spec.respect_robots_txt', 'body.respectRobotsTxt'],
    ['spec', 'body'],
  ])('%s is %s', async (field, rest) => {
    // As it arrives over gRPC: INVALID_ARGUMENT with a BadRequest detail.
    const refusal = domainErrorToConnect(invalidArgument([{ field, message: 'bad' }]));
    const error = await callService(() => Promise.reject(refusal), scrapeSpecFieldNames).catch((e) => e);
    expect((error as DomainError).violations).toEqual([{ field: rest, message: 'bad' }]);
  });
});

describe('ScrapeJob → JSON', () => {
  const job = create(ScrapeJobSchema, {
    id: jobId,
    workspaceId: 'not shown',
    spec: {
      seedUrls: ['https://example.com/'],
      maxPages: 200,
      maxDepth: 0,
      scope: ScrapeScope.SAME_DOMAIN,
      respectRobotsTxt: false,
      leadTags: ['t'],
      allowedPathPatterns: ['/team/**'],
      excludedPathPatterns: ['/x'],
    },
    status: ScrapeJobStatus.RUNNING,
    pagesCrawled: 5,
    pagesQueued: 7,
    pagesFailed: 2,
    pagesSkipped: 1,
    javascriptOnlyPages: 3,
    contactsFound: 4,
    errors: [{ url: 'https://example.com/x', message: 'HTTP 404', occurTime: at('2030-01-02T03:04:05Z') }],
    createTime: at('2030-01-02T03:00:00Z'),
    startTime: at('2030-01-02T03:00:01Z'),
    updateTime: at('2030-01-02T03:04:05Z'),
  });

  it('has the progress, the last errors, null for times not reached and a link to the results', () => {
    expect(scrapeJobFromProto(job)).toEqual({
      id: jobId,
      status: 'running',
      spec: {
        seedUrls: ['https://example.com/'],
        maxPages: 200,
        maxDepth: 0,
        scope: 'same-domain',
        allowedDomains: [],
        includePaths: ['/team/**'],
        excludePaths: ['/x'],
        respectRobotsTxt: false,
        leadTags: ['t'],
      },
      pagesCrawled: 5,
      pagesQueued: 7,
      pagesFailed: 2,
      pagesSkipped: 1,
      javascriptOnlyPages: 3,
      contactsFound: 4,
      errors: [{ url: 'https://example.com/x', message: 'HTTP 404', occurredAt: '2030-01-02T03:04:05.000Z' }],
      errorMessage: null,
      createdAt: '2030-01-02T03:00:00.000Z',
      startedAt: '2030-01-02T03:00:01.000Z',
      endedAt: null,
      updatedAt: '2030-01-02T03:04:05.000Z',
      results: `/api/scrape/${jobId}/results`,
    });
  });

  it('names every status in lower case, and says why a failed job failed', () => {
    const names = [
      ScrapeJobStatus.QUEUED,
      ScrapeJobStatus.RUNNING,
      ScrapeJobStatus.SUCCEEDED,
      ScrapeJobStatus.FAILED,
      ScrapeJobStatus.CANCELLED,
    ].map((status) => scrapeJobFromProto({ ...job, status }).status);
    expect(names).toEqual(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
    const failed = scrapeJobFromProto({ ...job, errorMessage: 'every seed was refused' });
    expect(failed.errorMessage).toBe('every seed was refused');
  });

  it('reads an unset depth as null and unset robots as obeyed (the contract says true)', () => {
    const bare = scrapeJobFromProto(
      create(ScrapeJobSchema, { id: jobId, spec: { seedUrls: ['http://a/'] } }),
    );
    expect(bare.spec).toMatchObject({ maxDepth: null, respectRobotsTxt: true, scope: 'same-host' });
    expect(bare.createdAt).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('ScrapeResult → JSON', () => {
  it('names the lead it became and leaves what was not found null', () => {
    const result = create(ScrapeResultSchema, {
      id: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
      workspaceId: 'not shown',
      jobId,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      phone: '+442071234567',
      sourceUrl: 'https://example.com/team',
      foundTime: at('2030-01-02T03:04:05Z'),
      clientId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6',
      socialProfiles: ['https://github.com/ada'],
    });
    expect(scrapeResultFromProto(result)).toEqual({
      id: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
      jobId,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      title: null,
      phone: '+442071234567',
      company: null,
      socialProfiles: ['https://github.com/ada'],
      sourceUrl: 'https://example.com/team',
      foundAt: '2030-01-02T03:04:05.000Z',
      leadId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6',
    });
    expect(scrapeResultFromProto({ ...result, clientId: '' }).leadId).toBeNull();
  });
});
