// The scrape schemas as the gateway compiles them (all errors, unknown fields refused, the one error
// handler): every bad field is a 400 naming it before any service is asked.
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandler } from '../errors/error-handler';
import {
  createScrapeBodySchema,
  listScrapeJobsQuerySchema,
  listScrapeResultsQuerySchema,
  scrapeSchemas,
} from './scrape-schemas';

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify({ ajv: { customOptions: { allErrors: true, removeAdditional: false } } });
  registerErrorHandler(app);
  for (const schema of scrapeSchemas) app.addSchema(schema);
  const echo = async (request: { body?: unknown; query?: unknown }) => ({
    body: request.body,
    query: request.query,
  });
  app.post('/scrape', { schema: { body: { $ref: `${createScrapeBodySchema.$id}#` } } }, echo);
  app.get('/scrape', { schema: { querystring: listScrapeJobsQuerySchema } }, echo);
  app.get('/results', { schema: { querystring: listScrapeResultsQuerySchema } }, echo);
  await app.ready();
});
afterAll(() => app.close());

const post = (body: unknown) => app.inject({ method: 'POST', url: '/scrape', payload: body as object });
const fields = async (response: Promise<{ statusCode: number; json: () => unknown }>) => {
  const answer = await response;
  const { errors = [] } = answer.json() as { errors?: { field: string }[] };
  return { status: answer.statusCode, fields: errors.map((e) => e.field).sort() };
};

const seed = 'https://example.com/';

describe('POST /api/scrape body', () => {
  it('takes the issue’s example and every field at its bounds', async () => {
    const example = { seedUrls: [seed], maxPages: 200, maxDepth: 3, leadTags: ['example-crawl'] };
    expect((await post(example)).statusCode).toBe(200);
    const full = {
      seedUrls: Array.from({ length: 100 }, (_, i) => `${seed}${i}`),
      maxPages: 100_000,
      maxDepth: 10,
      scope: 'listed-domains',
      allowedDomains: Array.from({ length: 100 }, (_, i) => `d${i}.example`),
      includePaths: Array.from({ length: 50 }, () => '/team/**'),
      excludePaths: ['/'.repeat(500)],
      respectRobotsTxt: false,
      leadTags: Array.from({ length: 20 }, (_, i) => `t${i}`.padEnd(64, 'x')),
    };
    const answer = await post(full);
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ body: unknown }>().body).toEqual(full);
    expect((await post({ seedUrls: [seed], maxPages: 1, maxDepth: 0 })).statusCode).toBe(200);
  });

  it.each([
    [{}, ['body.seedUrls']],
    [{ seedUrls: [] }, ['body.seedUrls']],
    [{ seedUrls: [''] }, ['body.seedUrls[0]']],
    [{ seedUrls: [seed, 'x'.repeat(2049)] }, ['body.seedUrls[1]']],
    [{ seedUrls: Array.from({ length: 101 }, () => seed) }, ['body.seedUrls']],
    [{ seedUrls: [seed, 7, null] }, ['body.seedUrls[2]']],
    [{ seedUrls: [seed], maxPages: 0 }, ['body.maxPages']],
    [{ seedUrls: [seed], maxPages: 1e9 }, ['body.maxPages']],
    [{ seedUrls: [seed], maxPages: 100_001 }, ['body.maxPages']],
    [{ seedUrls: [seed], maxPages: 2.5 }, ['body.maxPages']],
    [{ seedUrls: [seed], maxDepth: -1 }, ['body.maxDepth']],
    [{ seedUrls: [seed], maxDepth: 11 }, ['body.maxDepth']],
    [{ seedUrls: [seed], scope: 'same_host' }, ['body.scope']],
    [{ seedUrls: [seed], allowedDomains: ['x'.repeat(254)] }, ['body.allowedDomains[0]']],
    [{ seedUrls: [seed], includePaths: Array.from({ length: 51 }, () => '/a') }, ['body.includePaths']],
    [{ seedUrls: [seed], excludePaths: ['/'.repeat(501)] }, ['body.excludePaths[0]']],
    [{ seedUrls: [seed], leadTags: Array.from({ length: 21 }, () => 't') }, ['body.leadTags']],
    [{ seedUrls: [seed], leadTags: ['', 'x'.repeat(65)] }, ['body.leadTags[0]', 'body.leadTags[1]']],
    [{ seedUrls: [seed], respectRobotsTxt: 'maybe' }, ['body.respectRobotsTxt']],
    [{ seedUrls: [seed], maxPage: 10 }, ['body.maxPage']],
    [
      { seedUrls: [], maxPages: 0, sameDomainOnly: false },
      ['body.maxPages', 'body.sameDomainOnly', 'body.seedUrls'],
    ],
  ])('refuses %j naming %j', async (body, named) => {
    expect(await fields(post(body))).toEqual({ status: 400, fields: named });
  });

  it('says an unknown field is not a known field', async () => {
    const answer = await post({ seedUrls: [seed], workspaceId: 'someone-else' });
    expect(answer.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.workspaceId', message: 'is not a known field' }],
    });
  });
});

describe('list queries', () => {
  it('take a status list, a page size and a cursor', async () => {
    const answer = await app.inject({ url: '/scrape?status=queued,running&limit=500&cursor=abc' });
    expect(answer.json()).toMatchObject({ query: { status: 'queued,running', limit: 500, cursor: 'abc' } });
    expect((await app.inject({ url: '/scrape' })).json()).toMatchObject({ query: { limit: 50 } });
  });

  it.each([
    ['/scrape?status=done', ['query.status']],
    ['/scrape?status=queued,', ['query.status']],
    ['/scrape?limit=0', ['query.limit']],
    ['/scrape?limit=501', ['query.limit']],
    [`/scrape?cursor=${'c'.repeat(2049)}`, ['query.cursor']],
    ['/scrape?owner=me', ['query.owner']],
    ['/results?status=queued', ['query.status']],
    ['/results?limit=9999', ['query.limit']],
  ])('refuses %s naming %j', async (url, named) => {
    expect(await fields(app.inject({ url }))).toEqual({ status: 400, fields: named });
  });
});
