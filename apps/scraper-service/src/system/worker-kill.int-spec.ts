import { randomUUID } from 'node:crypto';
import { ScrapeJobStatus, ScraperService } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createInProcessEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import {
  createTeardown,
  createTestLocations,
  randomName,
  serveForTest,
  spawnServiceProcess,
  testKafkaBrokers,
  testRedisUrl,
  waitFor,
  waitForOutput,
  type ServiceProcess,
} from '@coldreach/testing';
import { createInMemoryHostGate } from '../politeness';
import { openScraperDatabase } from '../scraper-database';
import { startScraperService } from '../start-scraper-service';
import { html, siteAddress, startTestSite, type TestSite } from '@coldreach/testing';

jest.setTimeout(300_000);

const hosts = Array.from({ length: 8 }, (_, index) => `shop${index}.test`);
const pagesPerHost = 40;
const hostDelayMs = 100;
const emailOf = (host: number, page: number) => `person${page}@corp${host}.com`;

/**
 * Two connected-mode worker processes (the real src/main.ts, Redis host gate, PostgreSQL frontier)
 * crawl one job together; one is killed with SIGKILL mid-job. The job still finishes, no page is
 * fetched twice except those the dead worker had in flight, every planted contact is found once,
 * and the hosts' politeness holds across the processes, as the site's own log shows.
 */
describe('a crawl worker killed mid-job (SIGKILL)', () => {
  const teardown = createTeardown();
  let site: TestSite;
  afterAll(() => teardown.close());

  it('loses nothing, fetches nothing twice but what was in flight, and stays polite across processes', async () => {
    site = await startTestSite();
    teardown.add(() => site.close());
    plantShops(site);
    const databases = await createTestLocations(['cr_scraper_kill']);
    teardown.add(databases.dispose);
    const databaseUrl = databases.locations[0]!.url;
    const dataSource = await openScraperDatabase({ url: databaseUrl }, { migrate: true });
    teardown.add(() => dataSource.destroy());
    const sql = <T>(text: string, params: unknown[] = []) => queryRows<T>(dataSource.manager, text, params);

    // The API in this process (no workers): jobs are created the way the gateway creates them.
    const bus = createInProcessEventBus();
    teardown.add(() => bus.close());
    const rpc = await serveForTest(teardown, ScraperService, async (address) => {
      const service = await startScraperService({
        ...address,
        dataSource,
        bus,
        logger: createLogger({ name: 'scraper-api', level: 'silent' }),
        gate: createInMemoryHostGate(),
        crawl: {
          allowedPrivateCidrs: [],
          allowedPorts: [site.port],
          dnsServers: [site.dns.server],
          contactUrl: 'https://coldreach.test/bot',
          concurrency: 1,
          hostDelayMs,
          maxCrawlDelayMs: 1000,
          maxPageBytes: 1024 * 1024,
          pageTimeoutMs: 5000,
        },
        quotas: { maxActiveJobsPerWorkspace: 3, maxPagesPerWorkspacePerDay: 100_000 },
        roles: { api: true, workers: false },
        workerId: 'api',
      });
      return { url: service.url!, close: () => service.stop() };
    });

    const namespace = randomName('kill');
    const worker = (id: string): ServiceProcess => {
      const spawned = spawnServiceProcess(`worker-${id}`, 'apps/scraper-service/src/main.ts', {
        SCRAPER_DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_NAMESPACE: namespace,
        REDIS_URL: testRedisUrl,
        SCRAPER_SERVICE_ROLES: 'worker',
        SCRAPER_WORKER_ID: id,
        SCRAPER_ALLOWED_PRIVATE_CIDRS: `${siteAddress}/32`,
        SCRAPER_PUBLIC_ADDRESSES: 'deny',
        SCRAPER_ALLOWED_PORTS: String(site.port),
        SCRAPER_DNS_SERVERS: site.dns.server,
        SCRAPER_CONCURRENCY: '4',
        SCRAPER_HOST_DELAY_MS: String(hostDelayMs),
        SCRAPER_PAGE_TIMEOUT_MS: '5000',
        SCRAPER_CLAIM_LEASE_MS: '4000',
        MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'info',
      });
      teardown.add(async () => {
        spawned.signal('SIGKILL');
        await spawned.exited;
      });
      return spawned;
    };
    const [a, b] = [worker('a'), worker('b')];
    await Promise.all([a, b].map((process) => waitForOutput(process, /scraper service running/, 120_000)));

    const workspaceId = randomUUID();
    const { job } = await rpc.createScrapeJob({
      workspaceId,
      spec: { seedUrls: hosts.map((host) => site.url(host, '/')), maxPages: 1000, maxDepth: 2 },
    });
    const jobId = job!.id;

    // Both processes hold claims of the one job at some moment: they crawl it together.
    const owners = new Set<string>();
    await waitFor(
      async () => {
        const rows = await sql<{ lease_owner: string }>(
          `SELECT DISTINCT lease_owner FROM scrape_frontier WHERE job_id = $1 AND state = 'fetching'`,
          [jobId],
        );
        rows.forEach((row) => owners.add(row.lease_owner));
        return owners.has('a') && owners.has('b');
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'both workers to hold claims of the job' },
    );
    await waitFor(
      async () => {
        const [row] = await sql<{ pages_crawled: number }>(
          'SELECT pages_crawled FROM scrape_jobs WHERE id = $1',
          [jobId],
        );
        return (row?.pages_crawled ?? 0) >= 40;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: '40 pages crawled' },
    ).catch(async (error: unknown) => {
      const states = await sql('SELECT kind, state, count(*) FROM scrape_frontier GROUP BY 1, 2');
      throw new Error(
        `${String(error)}\n${JSON.stringify(states)}\n${a.tail(30)}\n${b.tail(30)}\n${site.requests.length} requests`,
      );
    });
    a.signal('SIGKILL');
    await a.exited;
    const inFlightAtKill = new Set(
      (
        await sql<{ url: string }>(
          `SELECT url FROM scrape_frontier WHERE job_id = $1 AND state = 'fetching' AND lease_owner = 'a'`,
          [jobId],
        )
      ).map((row) => new URL(row.url).host + new URL(row.url).pathname),
    );

    const finished = await waitFor(
      async () => {
        const [row] = await sql<{ status: string; pages_crawled: number; contacts_found: number }>(
          'SELECT status, pages_crawled, contacts_found FROM scrape_jobs WHERE id = $1',
          [jobId],
        );
        return row && row.status !== 'running' && row.status !== 'queued' ? row : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 200, what: 'the job to end after the kill' },
    );
    expect(finished.status).toBe('succeeded');
    const { job: ended } = await rpc.getScrapeJob({ workspaceId, id: jobId });
    expect(ended?.status).toBe(ScrapeJobStatus.SUCCEEDED);

    // Every page fetched; none twice unless it was in flight in the dead worker.
    const fetches = new Map<string, number>();
    for (const request of site.requests) {
      const key = `${request.host}:${site.port}${request.path}`;
      fetches.set(key, (fetches.get(key) ?? 0) + 1);
    }
    for (const host of hosts) {
      for (let page = 0; page < pagesPerHost; page++) {
        expect(fetches.get(`${host}:${site.port}/p/${page}`) ?? 0).toBeGreaterThanOrEqual(1);
      }
      expect(fetches.get(`${host}:${site.port}/robots.txt`)).toBeGreaterThanOrEqual(1);
    }
    const twice = [...fetches].filter(([, count]) => count > 1).map(([key]) => key);
    for (const key of twice) expect(inFlightAtKill).toContain(key);
    expect(twice.length).toBeLessThanOrEqual(4);

    // Every planted contact found exactly once.
    const results = await sql<{ email: string }>('SELECT email FROM scrape_results WHERE job_id = $1', [
      jobId,
    ]);
    const expected = hosts.flatMap((_, host) =>
      Array.from({ length: pagesPerHost }, (_, page) => emailOf(host, page)),
    );
    expect(results.map((row) => row.email).sort()).toEqual(expected.sort());
    expect(finished.contacts_found).toBe(expected.length);

    // Politeness held across both processes: per host one request at a time, spaced by the delay
    // (a request cut by the kill ends when its socket closed; the next waited for the gate's lease).
    for (const host of hosts) {
      const requests = site.requests
        .filter((request) => request.host === host)
        .sort((x, y) => x.startedAt - y.startedAt);
      for (let index = 1; index < requests.length; index++) {
        expect(requests[index]!.startedAt - requests[index - 1]!.endedAt).toBeGreaterThanOrEqual(
          hostDelayMs - 25,
        );
      }
    }
    expect(b.running()).toBe(true);
  });
});

/** Each shop: a root linking all its pages, each page with one planted contact. */
function plantShops(site: TestSite): void {
  hosts.forEach((host, hostIndex) => {
    const links = Array.from(
      { length: pagesPerHost },
      (_, page) => `<a href="/p/${page}">Page ${page}</a>`,
    ).join(' ');
    site.route(host, '/', html(`<h1>${host}</h1>${links}`));
    site.route(
      host,
      '/robots.txt',
      (_request, response) =>
        void response.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n'),
    );
    for (let page = 0; page < pagesPerHost; page++) {
      site.route(
        host,
        `/p/${page}`,
        html(`<p>Contact: <a href="mailto:${emailOf(hostIndex, page)}">write</a></p>`),
      );
    }
  });
}
