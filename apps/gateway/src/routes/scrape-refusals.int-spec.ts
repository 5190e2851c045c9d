// What /api/scrape refuses, through the gateway and the real Scraper service with its allow-list
// empty and no crawl workers (every job stays queued, nothing is ever fetched): bad input is a 400
// naming the field with nothing created, a quota is a problem naming the limit, and cancelling,
// listing, retrying with an Idempotency-Key and /api/status behave as documented.
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(120_000);

interface Job {
  id: string;
  status: string;
  endedAt: string | null;
}
const seed = 'https://lovelace-labs.com/';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({
    outreach: true,
    scraper: { workers: false, maxActiveJobsPerWorkspace: 2 },
  });
}, 120_000);
afterAll(() => h?.close());

const create = (t: Tenant, body: unknown, headers: Record<string, string> = {}) =>
  h.call('POST', '/api/scrape', { key: t.key, body, headers });
const jobCount = async () =>
  Number((await h.scraper!.dataSource.query('SELECT count(*)::int AS n FROM scrape_jobs'))[0].n);

describe('POST /api/scrape refuses bad input with 400 naming the field, and creates nothing', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await h.tenant('refusals');
  });

  it.each([
    [{ seedUrls: ['ftp://files.lovelace-labs.com/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: ['javascript:alert(1)'] }, 'body.seedUrls[0]'],
    [{ seedUrls: ['http://127.0.0.1/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: ['http://2130706433/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: ['http://169.254.169.254/latest/meta-data/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: [seed, 'http://[::ffff:10.0.0.1]/'] }, 'body.seedUrls[1]'],
    [{ seedUrls: ['https://user:secret@lovelace-labs.com/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: ['https://lovelace-labs.com:22/'] }, 'body.seedUrls[0]'],
    [{ seedUrls: [seed], maxPages: 0 }, 'body.maxPages'],
    [{ seedUrls: [seed], maxPages: 1_000_000_000 }, 'body.maxPages'],
    [{ seedUrls: [seed], maxDepth: 11 }, 'body.maxDepth'],
    [{ seedUrls: [seed], bogus: true }, 'body.bogus'],
    [{ seedUrls: [seed], scope: 'listed-domains' }, 'body.allowedDomains'],
    [
      { seedUrls: [seed], scope: 'listed-domains', allowedDomains: ['lovelace-labs.com', 'not a domain'] },
      'body.allowedDomains[1]',
    ],
    [{ seedUrls: [seed], includePaths: ['team/**'] }, 'body.includePaths[0]'],
    [{ seedUrls: [seed], excludePaths: ['/ok', 'blog'] }, 'body.excludePaths[1]'],
  ])('%j → %s', async (body, field) => {
    const response = await create(t, body);
    expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
    });
    const problem = response.json<{ detail: string; errors: { field: string }[] }>();
    expect(problem.errors.map((e) => e.field)).toEqual([field]);
    expect(problem.detail).toContain(field);
    // A URL's credentials are never repeated.
    expect(response.body).not.toContain('secret');
  });

  it('created no job', async () => {
    expect((await h.call('GET', '/api/scrape', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    expect(await jobCount()).toBe(0);
  });
});

describe('jobs that stay queued', () => {
  it('are cancelled (twice is the same), and their status says so', async () => {
    const t = await h.tenant('cancel');
    const job = (await create(t, { seedUrls: [seed] })).json<Job>();
    expect(job.status).toBe('queued');
    const status = await h.call('GET', `/api/status/${job.id}`, { key: t.key });
    expect(status.json()).toEqual(job);

    const cancelled = await h.call('POST', `/api/scrape/${job.id}/cancel`, { key: t.key });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Job>()).toMatchObject({
      id: job.id,
      status: 'cancelled',
      endedAt: expect.any(String),
    });
    const again = await h.call('POST', `/api/scrape/${job.id}/cancel`, { key: t.key });
    expect(again.json()).toEqual(cancelled.json());
    expect((await h.call('GET', `/api/status/${job.id}`, { key: t.key })).json<Job>().status).toBe(
      'cancelled',
    );
  });

  it('count against the quota of running jobs: a 429 naming the limit, until one ends', async () => {
    const t = await h.tenant('quota');
    const first = (await create(t, { seedUrls: [seed] })).json<Job>();
    expect((await create(t, { seedUrls: [seed] })).statusCode).toBe(202);
    const refused = await create(t, { seedUrls: [seed] });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      status: 429,
      detail: expect.stringContaining('SCRAPER_MAX_ACTIVE_JOBS_PER_WORKSPACE'),
    });
    // Another workspace has its own quota.
    expect((await create(await h.tenant('quota 2'), { seedUrls: [seed] })).statusCode).toBe(202);

    await h.call('POST', `/api/scrape/${first.id}/cancel`, { key: t.key });
    expect((await create(t, { seedUrls: [seed] })).statusCode).toBe(202);
  });

  it('are listed newest first, a page at a time, with the status filter', async () => {
    const t = await h.tenant('list');
    const older = (await create(t, { seedUrls: [seed] })).json<Job>();
    const newer = (await create(t, { seedUrls: [seed] })).json<Job>();
    await h.call('POST', `/api/scrape/${older.id}/cancel`, { key: t.key });
    const first = (await h.call('GET', '/api/scrape?limit=1', { key: t.key })).json<{
      data: Job[];
      nextCursor: string;
    }>();
    expect(first.data.map((j) => j.id)).toEqual([newer.id]);
    const cursor = encodeURIComponent(first.nextCursor);
    const second = (await h.call('GET', `/api/scrape?limit=1&cursor=${cursor}`, { key: t.key })).json();
    expect(second).toMatchObject({ data: [{ id: older.id, status: 'cancelled' }], nextCursor: null });
    const queued = (await h.call('GET', '/api/scrape?status=queued', { key: t.key })).json<{ data: Job[] }>();
    expect(queued.data.map((j) => j.id)).toEqual([newer.id]);
  });

  it('are created once for one Idempotency-Key', async () => {
    const t = await h.tenant('idempotent');
    const headers = { 'idempotency-key': `scrape-${crypto.randomUUID()}` };
    const first = await create(t, { seedUrls: [seed] }, headers);
    const replay = await create(t, { seedUrls: [seed] }, headers);
    expect(replay.statusCode).toBe(202);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.body).toBe(first.body);
    expect((await h.call('GET', '/api/scrape', { key: t.key })).json<{ data: Job[] }>().data).toHaveLength(1);
  });
});

describe('GET /api/status/:id with the Email service up', () => {
  it("answers another workspace's job like an id nobody knows, and an email as before", async () => {
    const [mine, other] = [await h.tenant('mine'), await h.tenant('other')];
    const job = (await create(mine, { seedUrls: [seed] })).json<Job>();
    const nowhere = crypto.randomUUID();
    const foreign = await h.call('GET', `/api/status/${job.id}`, { key: other.key });
    const missing = await h.call('GET', `/api/status/${nowhere}`, { key: other.key });
    expect([foreign.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(foreign.body.replaceAll(job.id, 'ID')).toBe(missing.body.replaceAll(nowhere, 'ID'));

    const clientId = await h.createLead(mine, 'status@lovelace-labs.com');
    const mailboxId = await h.createMailbox(mine);
    const sent = await h.call('POST', '/email/send', {
      key: mine.key,
      body: { clientId, mailboxId, subject: 'Hello', textBody: 'Hello' },
    });
    const email = await h.call('GET', sent.headers.location as string, { key: mine.key });
    expect(email.statusCode).toBe(200);
    expect(email.json()).toMatchObject({ id: sent.json<{ id: string }>().id, clientId, mailboxId });
    expect(email.json()).not.toHaveProperty('spec');
  });
});
