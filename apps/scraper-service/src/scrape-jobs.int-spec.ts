import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { ScrapeJobStatus, type ScrapeJob } from '@coldreach/contracts';
import { expectGrpcRejection, waitFor } from '@coldreach/testing';
import { startScraperHarness, type ScraperHarness } from '../test/scraper-harness';
import { html, startTestSite, type TestSite } from '@coldreach/testing';

jest.setTimeout(180_000);

const finished = new Set([ScrapeJobStatus.SUCCEEDED, ScrapeJobStatus.FAILED, ScrapeJobStatus.CANCELLED]);

describe('scrape jobs end to end (real HTTP on loopback, real DNS server, PostgreSQL)', () => {
  let site: TestSite;
  let harness: ScraperHarness;

  beforeAll(async () => {
    site = await startTestSite();
    harness = await startScraperHarness(site, { maxSimilarUrls: 5 });
    plantAcme(site);
  });
  afterAll(async () => {
    await harness?.stop();
    await site?.close();
  });

  async function untilFinished(workspaceId: string, id: string): Promise<ScrapeJob> {
    return waitFor(
      async () => {
        const { job } = await harness.rpc.getScrapeJob({ workspaceId, id });
        return job && finished.has(job.status) ? job : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: `scrape job ${id} to end` },
    );
  }

  it('crawls a site politely and safely and keeps every planted contact', async () => {
    const workspaceId = randomUUID();
    const { job: created } = await harness.rpc.createScrapeJob({
      workspaceId,
      spec: { seedUrls: [site.url('acme.test', '/')], maxPages: 50, maxDepth: 10, leadTags: ['acme-crawl'] },
    });
    expect(created?.status).toBe(ScrapeJobStatus.QUEUED);
    const job = await untilFinished(workspaceId, created!.id);
    expect(job.status).toBe(ScrapeJobStatus.SUCCEEDED);

    const { results } = await harness.rpc.listScrapeResults({ workspaceId, jobId: job.id, pageSize: 100 });
    const emails = results.map((result) => result.email).sort();
    expect(emails).toEqual([
      'bob@acme-corp.com',
      'hidden@acme-corp.com',
      'jane.doe@acme-corp.com',
      'sales@acme-corp.com',
    ]);
    const jane = results.find((result) => result.email === 'jane.doe@acme-corp.com');
    expect(jane).toMatchObject({
      name: 'Jane Doe',
      title: 'Head of Sales',
      sourceUrl: site.url('acme.test', '/team'),
    });
    expect(jane?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.contactsFound).toBe(4);

    // Robots: the disallowed path was never asked for; robots.txt was fetched once.
    const acme = site.requests.filter((request) => request.host === 'acme.test');
    expect(acme.some((request) => request.path.startsWith('/private'))).toBe(false);
    expect(acme.filter((request) => request.path === '/robots.txt')).toHaveLength(1);
    expect(acme.every((request) => request.userAgent.startsWith('ColdReachBot/'))).toBe(true);
    // SSRF: the redirect to a forbidden address never connected.
    expect(site.canaryConnections()).toBe(0);
    // Out of scope: another host was never fetched.
    expect(site.requests.some((request) => request.host === 'other.test')).toBe(false);

    // Politeness: one request at a time, each starting at least the Crawl-delay (0.5 s) after the last.
    const ordered = [...acme].sort((a, b) => a.startedAt - b.startedAt);
    for (let index = 1; index < ordered.length; index++) {
      expect(ordered[index]!.startedAt - ordered[index - 1]!.endedAt).toBeGreaterThanOrEqual(500 - 25);
    }

    const errors = job.errors.map((error) => `${new URL(error.url).pathname} ${error.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/missing HTTP 404',
        expect.stringMatching(/^\/to-canary refused: /),
        expect.stringMatching(/^\/calendar\/\S+ trap: over 5 URLs like \/calendar\/\{n\}\/\{n\}/),
      ]),
    );
    expect(job.pagesSkipped).toBe(1);
    expect(job.pagesFailed).toBe(job.errors.length);

    // Every new contact went out on scrape.events once, then the job's end.
    await waitFor(
      () => harness.events.some((event) => event.type === 'scrape.job_finished' && event.key === job.id),
      {
        timeoutMs: 30_000,
        what: 'scrape.job_finished',
      },
    );
    const found = harness.events.filter(
      (event) => event.type === 'scrape.contact_found' && event.key === job.id,
    );
    expect(found).toHaveLength(4);
  });

  it('refuses bad specs naming the field, and creates nothing', async () => {
    const workspaceId = randomUUID();
    const bad: [Record<string, unknown>, string][] = [
      [{ seedUrls: ['ftp://acme.test/'] }, 'spec.seed_urls[0]'],
      [{ seedUrls: ['http://10.0.0.1/'] }, 'spec.seed_urls[0]'],
      [{ seedUrls: [`http://127.0.0.3:${site.port}/`] }, 'spec.seed_urls[0]'],
      [{ seedUrls: ['http://169.254.169.254/latest/meta-data/'] }, 'spec.seed_urls[0]'],
      [{ seedUrls: ['http://user:secret@acme.test/'] }, 'spec.seed_urls[0]'],
      [{ seedUrls: [] }, 'spec.seed_urls'],
      [{ seedUrls: [site.url('acme.test', '/')], maxPages: 1_000_000_000 }, 'spec.max_pages'],
      [{ seedUrls: [site.url('acme.test', '/')], maxDepth: 11 }, 'spec.max_depth'],
      [
        { seedUrls: [site.url('acme.test', '/')], allowedPathPatterns: ['team'] },
        'spec.allowed_path_patterns[0]',
      ],
    ];
    for (const [spec, field] of bad) {
      const error = await expectGrpcRejection(
        harness.rpc.createScrapeJob({ workspaceId, spec }),
        Code.InvalidArgument,
      );
      expect(error.violations.map((violation) => violation.field)).toEqual([field]);
      expect(error.message).not.toContain('secret');
    }
    const { jobs } = await harness.rpc.listScrapeJobs({ workspaceId });
    expect(jobs).toHaveLength(0);
    expect(site.canaryConnections()).toBe(0);
  });

  it('answers a retried create (same request id) with the job the first one created', async () => {
    const workspaceId = randomUUID();
    const request = {
      workspaceId,
      requestId: 'retry-1',
      spec: { seedUrls: [site.url('acme.test', '/contact')], maxPages: 1 },
    };
    const first = await harness.rpc.createScrapeJob(request);
    const again = await harness.rpc.createScrapeJob(request);
    expect(again.job?.id).toBe(first.job?.id);
    const other = await harness.rpc.createScrapeJob({ ...request, requestId: 'retry-2' });
    expect(other.job?.id).not.toBe(first.job?.id);
    const { jobs } = await harness.rpc.listScrapeJobs({ workspaceId });
    expect(jobs).toHaveLength(2);
    await untilFinished(workspaceId, first.job!.id);
    await untilFinished(workspaceId, other.job!.id);
  });

  it('keeps jobs to their workspace, and cancels a running job within 2 s', async () => {
    const workspaceId = randomUUID();
    let slowRequests = 0;
    site.route('slow.test', '/', (_request, response) => {
      slowRequests++;
      const links = Array.from({ length: 30 }, (_, index) => `<a href="/page-${index}">${index}</a>`).join(
        '',
      );
      response.writeHead(200, { 'content-type': 'text/html' }).end(html(links));
    });
    for (let index = 0; index < 30; index++) {
      site.route('slow.test', `/page-${index}`, html(`<p>page ${index}</p>`));
    }
    const { job } = await harness.rpc.createScrapeJob({
      workspaceId,
      spec: { seedUrls: [site.url('slow.test', '/')], maxPages: 100, respectRobotsTxt: false },
    });
    await expectGrpcRejection(
      harness.rpc.getScrapeJob({ workspaceId: randomUUID(), id: job!.id }),
      Code.NotFound,
    );
    await waitFor(() => slowRequests > 0 && site.requests.filter((r) => r.host === 'slow.test').length >= 3, {
      timeoutMs: 60_000,
      what: 'the crawl to be under way',
    });
    const { job: cancelled } = await harness.rpc.cancelScrapeJob({ workspaceId, id: job!.id });
    expect(cancelled?.status).toBe(ScrapeJobStatus.CANCELLED);
    const cancelledAt = Date.now();
    // A job stopped is never fetched again: compare the site's log a while later.
    const countAt = site.requests.filter((r) => r.host === 'slow.test').length;
    await waitFor(() => Date.now() - cancelledAt > 3000, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: '3 s to pass',
    });
    const late = site.requests.filter((r) => r.host === 'slow.test' && r.startedAt > cancelledAt + 2000);
    expect(late).toEqual([]);
    expect(site.requests.filter((r) => r.host === 'slow.test').length).toBeLessThanOrEqual(countAt + 1);
    const again = await harness.rpc.cancelScrapeJob({ workspaceId, id: job!.id });
    expect(again.job?.status).toBe(ScrapeJobStatus.CANCELLED);
  });
});

/** acme.test: planted contacts, a disallowed path, a trap, a 404, a PDF, redirects, a sitemap. */
function plantAcme(site: TestSite): void {
  const port = site.port;
  site.route(
    'acme.test',
    '/robots.txt',
    (_request, response) =>
      void response
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(
          `User-agent: *\nDisallow: /private\nCrawl-delay: 0.5\nSitemap: http://acme.test:${port}/sitemap.xml\n`,
        ),
  );
  site.route(
    'acme.test',
    '/',
    html(`<h1>Acme</h1>
      <a href="/team">Team</a> <a href="/contact">Contact</a> <a href="/private/secret">Secret</a>
      <a href="/calendar/2024/1">Calendar</a> <a href="/missing">Old</a> <a href="/brochure.pdf">Brochure</a>
      <a href="/to-canary">Partner</a> <a href="http://other.test:${port}/">Other site</a>`),
  );
  site.route(
    'acme.test',
    '/team',
    html(`<div class="card"><h3>Jane Doe</h3><p>Head of Sales</p><a href="mailto:jane.doe@acme-corp.com">Email</a></div>
      <div class="card"><h3>Bob Stone</h3><p>Engineer</p><p>bob [at] acme-corp [dot] com</p></div>`),
  );
  site.route(
    'acme.test',
    '/contact',
    html('<p>Write to sales@acme-corp.com or call <a href="tel:+442079460958">us</a>.</p>'),
  );
  site.route('acme.test', '/private/secret', html('<p>secret@acme-corp.com</p>'));
  site.route('acme.test', '/hidden', html('<p>hidden@acme-corp.com</p>'));
  site.route('other.test', '/', html('<p>other@acme-corp.com</p>'));
  // An endless calendar: each month links to the next.
  for (let month = 1; month <= 40; month++) {
    site.route(
      'acme.test',
      `/calendar/${2023 + month}/${month}`,
      html(`<a href="/calendar/${2024 + month}/${month + 1}">next</a>`),
    );
  }
  site.route(
    'acme.test',
    '/brochure.pdf',
    (_request, response) =>
      void response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'),
  );
  site.route(
    'acme.test',
    '/to-canary',
    (_request, response) => void response.writeHead(302, { location: `http://canary.test:${port}/` }).end(),
  );
  site.route(
    'acme.test',
    '/sitemap.xml',
    (_request, response) =>
      void response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://acme.test:${port}/hidden</loc></url></urlset>`,
        ),
  );
}
