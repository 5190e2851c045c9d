import { html, siteAddress, startTestSite, waitFor, type TestSite } from '@coldreach/testing';
import { startTestPlatform, type TestPlatform } from './test/start-test-platform';

jest.setTimeout(240_000);

interface Json {
  [key: string]: unknown;
}

/**
 * The user story of lead discovery, end to end in the embedded platform: point Cold Reach at a site
 * (POST /api/scrape), follow the job (GET /api/status/:id), get the results (JSON and CSV), and find
 * the contacts as leads of the workspace with their source and time (GET /api/leads?tag=…).
 */
describe('lead discovery through the REST API (embedded platform)', () => {
  let site: TestSite;
  let test: TestPlatform;

  beforeAll(async () => {
    site = await startTestSite();
    site.route('acme.test', '/robots.txt', 'User-agent: *\nAllow: /\n');
    site.route(
      'acme.test',
      '/',
      html('<h1>Acme</h1><a href="/team">Team</a> <a href="/contact">Contact</a>'),
    );
    site.route(
      'acme.test',
      '/team',
      html(
        '<div class="card"><h3>Ada Byron</h3><p>Chief Executive</p><a href="mailto:ada@acme-corp.com">Email</a></div>',
      ),
    );
    site.route('acme.test', '/contact', html('<p>sales [at] acme-corp [dot] com</p>'));
    test = await startTestPlatform({
      env: {
        SCRAPER_ALLOWED_PRIVATE_CIDRS: `${siteAddress}/32`,
        SCRAPER_ALLOWED_PORTS: String(site.port),
        SCRAPER_DNS_SERVERS: site.dns.server,
        SCRAPER_PUBLIC_ADDRESSES: 'deny',
        SCRAPER_HOST_DELAY_MS: '50',
      },
    });
  });
  afterAll(async () => {
    await test?.stop();
    await site?.close();
  });

  const call = async (path: string, key: string, init: RequestInit = {}) => {
    const response = await fetch(`${test.gatewayUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });
    return { response, text: await response.text() };
  };

  it('crawls, reports, and turns the contacts into tagged leads with their source', async () => {
    const { response, text } = await call('/api/scrape', test.a.key, {
      method: 'POST',
      body: JSON.stringify({
        seedUrls: [site.url('acme.test', '/')],
        maxPages: 20,
        maxDepth: 2,
        leadTags: ['example-crawl'],
      }),
    });
    expect(response.status).toBe(202);
    const created = JSON.parse(text) as Json;
    const location = response.headers.get('location');
    expect(location).toBe(`/api/status/${String(created.id)}`);

    const status = await waitFor(
      async () => {
        const body = JSON.parse((await call(location!, test.a.key)).text) as Json;
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the scrape job to end' },
    );
    expect(status).toMatchObject({ status: 'succeeded', pagesCrawled: 3, contactsFound: 2 });

    // Another workspace does not see it.
    expect((await call(location!, test.b.key)).response.status).toBe(404);

    const results = JSON.parse(
      (await call(`/api/scrape/${String(created.id)}/results`, test.a.key)).text,
    ) as {
      data: Json[];
    };
    expect(results.data.map((result) => result.email).sort()).toEqual([
      'ada@acme-corp.com',
      'sales@acme-corp.com',
    ]);
    const csv = (await call(`/api/scrape/${String(created.id)}/results.csv`, test.a.key)).text;
    expect(csv.split('\n')[0]).toContain('email');
    expect(csv).toContain('ada@acme-corp.com');

    // The Client service turns each contact into a lead of the workspace, tagged, with its source.
    const leads = await waitFor(
      async () => {
        const body = JSON.parse((await call('/api/leads?tag=example-crawl', test.a.key)).text) as {
          data: Json[];
        };
        return body.data.length === 2 ? body.data : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'two leads tagged example-crawl' },
    );
    const ada = leads.find((lead) => lead.email === 'ada@acme-corp.com');
    expect(ada).toMatchObject({
      firstName: 'Ada',
      lastName: 'Byron',
      title: 'Chief Executive',
      sourceUrl: site.url('acme.test', '/team'),
    });
    expect(typeof ada?.collectedAt).toBe('string');
    const other = JSON.parse((await call('/api/leads?tag=example-crawl', test.b.key)).text) as {
      data: Json[];
    };
    expect(other.data).toEqual([]);
  });
});
