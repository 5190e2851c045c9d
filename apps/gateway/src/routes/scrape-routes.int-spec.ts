// /api/scrape and /api/status through the gateway, with the real Scraper service behind it: a crawl of
// a site on loopback from creation to results (JSON and CSV), workspace isolation, and the refusals.
import { parse } from 'csv-parse/sync';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { lovelaceLabsPages, startScrapeTestSite, type ScrapeTestSite } from '../test/scrape-test-site';
import { waitFor } from '@coldreach/testing';

jest.setTimeout(180_000);

interface Job {
  id: string;
  status: string;
  spec: Record<string, unknown>;
  pagesCrawled: number;
  pagesFailed: number;
  contactsFound: number;
  errors: { url: string; message: string }[];
  endedAt: string | null;
}
interface Result {
  email: string;
  name: string | null;
  title: string | null;
  phone: string | null;
  sourceUrl: string;
  leadId: string | null;
  jobId: string;
}
type Page<T> = { data: T[]; nextCursor: string | null };

const peopleCount = 600;

describe('a crawl through the gateway (crawl workers, the site allowed)', () => {
  let site: ScrapeTestSite;
  let h: GatewayHarness;
  let job: Job;

  beforeAll(async () => {
    site = await startScrapeTestSite(lovelaceLabsPages(peopleCount));
    h = await startGatewayHarness({
      scraper: { allowedPrivateCidrs: '127.0.0.2/32', allowedPorts: [site.port] },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await site?.close();
  });

  it('answers 202 with Location, and the status follows the job until it succeeds', async () => {
    const created = await h.call('POST', '/api/scrape', {
      body: { seedUrls: [`${site.origin}/`], maxPages: 20, maxDepth: 2, leadTags: ['gw-crawl'] },
    });
    expect(created.statusCode).toBe(202);
    const queued = created.json<Job>();
    expect(created.headers.location).toBe(`/api/status/${queued.id}`);
    expect(queued).toMatchObject({
      status: 'queued',
      spec: { maxPages: 20, maxDepth: 2, scope: 'same-host', respectRobotsTxt: true, leadTags: ['gw-crawl'] },
    });

    job = await waitFor(
      async () => {
        const status = (await h.call('GET', created.headers.location as string)).json<Job>();
        return status.status === 'succeeded' ? status : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the scrape job to succeed' },
    );
    expect(job.contactsFound).toBe(peopleCount + 2);
    expect(job.pagesCrawled).toBe(3);
    expect(job.pagesFailed).toBe(1);
    expect(job.errors).toEqual(
      expect.arrayContaining([
        {
          url: `${site.origin}/missing`,
          message: expect.stringContaining('404'),
          occurredAt: expect.any(String),
        },
      ]),
    );
    expect(job.endedAt).not.toBeNull();
    // GET /api/scrape/:id answers the same job.
    expect((await h.call('GET', `/api/scrape/${job.id}`)).json()).toEqual(job);
  });

  it('lists it, with the status filter', async () => {
    const all = (await h.call('GET', '/api/scrape')).json<Page<Job>>();
    expect(all.data.map((j) => j.id)).toEqual([job.id]);
    expect((await h.call('GET', '/api/scrape?status=succeeded')).json<Page<Job>>().data).toHaveLength(1);
    expect((await h.call('GET', '/api/scrape?status=queued,running')).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it('pages through its results, and streams the same ones as CSV with formula cells neutralised', async () => {
    const results: Result[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await h.call('GET', `/api/scrape/${job.id}/results?limit=250${query}`)).json<
        Page<Result>
      >();
      results.push(...page.data);
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    const emails = results.map((r) => r.email);
    expect(new Set(emails).size).toBe(peopleCount + 2);
    expect(emails).toEqual(
      expect.arrayContaining(['hello@lovelace-labs.com', 'person599@lovelace-labs.com']),
    );
    const ada = results.find((r) => r.email === 'ada@lovelace-labs.com');
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      title: 'Chief Analyst',
      phone: '+442071234567',
      sourceUrl: `${site.origin}/team`,
      jobId: job.id,
      leadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const csv = await h.call('GET', `/api/scrape/${job.id}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="scrape-${job.id}.csv"`);
    // More rows than one service page (500): the gateway walked the pages.
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.email)).toEqual(emails);
    expect(rows.find((row) => row.email === 'ada@lovelace-labs.com')).toMatchObject({
      name: 'Ada Lovelace',
      phone: "'+442071234567",
      leadId: ada?.leadId,
    });
  });

  it('cannot cancel a job that has ended', async () => {
    const response = await h.call('POST', `/api/scrape/${job.id}/cancel`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ type: 'urn:coldreach:problem:failed-precondition' });
  });

  it("answers another workspace's job exactly like one that does not exist", async () => {
    const other = await h.tenant('other');
    const nowhere = crypto.randomUUID();
    for (const [method, path] of [
      ['GET', '/api/scrape/ID'],
      ['POST', '/api/scrape/ID/cancel'],
      ['GET', '/api/scrape/ID/results'],
      ['GET', '/api/scrape/ID/results.csv'],
    ] as const) {
      const foreign = await h.call(method, path.replace('ID', job.id), { key: other.key });
      const missing = await h.call(method, path.replace('ID', nowhere), { key: other.key });
      expect({ path, status: foreign.statusCode }).toEqual({ path, status: 404 });
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(foreign.body.replaceAll(job.id, 'ID')).toBe(missing.body.replaceAll(nowhere, 'ID'));
    }
    expect((await h.call('GET', '/api/scrape', { key: other.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    // Still there for its own workspace.
    expect((await h.call('GET', `/api/scrape/${job.id}`)).statusCode).toBe(200);
  });

  it('answers the status of a scrape job while the Email service is down', async () => {
    // This harness runs no Email or Campaign service: an email id cannot be answered, a job can.
    expect((await h.call('GET', `/api/status/${job.id}`)).json<Job>().status).toBe('succeeded');
    expect((await h.call('GET', `/api/status/${crypto.randomUUID()}`)).statusCode).toBe(503);
  });
});
