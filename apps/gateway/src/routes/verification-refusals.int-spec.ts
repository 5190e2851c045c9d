// What the verification routes refuse: bad input is a 400 problem naming the field (nothing asked,
// nothing created), and a gateway without a Scraper service answers 503 on every route (the scrape
// routes' too).
import { startVerificationGateway, type VerificationGateway } from '../test/verification-gateway';

jest.setTimeout(120_000);

let v: VerificationGateway;
beforeAll(async () => {
  v = await startVerificationGateway();
}, 120_000);
afterAll(() => v?.close());

const fieldsOf = (response: { json: () => { errors?: { field: string }[] } }) =>
  (response.json().errors ?? []).map((error) => error.field);

async function expectRefused(method: string, url: string, body: unknown, field: string) {
  const response = await v.app.inject({
    method: method as 'POST',
    url,
    headers: { authorization: `Bearer ${v.h.a.key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
    status: 400,
    type: 'application/problem+json; charset=utf-8',
  });
  expect(fieldsOf(response)).toContain(field);
  expect(response.json().detail).toContain(field);
  return response;
}

describe('POST /api/verify', () => {
  it.each([
    ['a missing email', {}, 'body.email'],
    ['an email that is not a string', { email: { local: 'a', domain: 'acme.test' } }, 'body.email'],
    ['null', { email: null }, 'body.email'],
    ['an empty email', { email: '  ' }, 'body.email'],
    ['not an address', { email: 'not an email' }, 'body.email'],
    ['no domain', { email: 'ada@' }, 'body.email'],
    ['two @', { email: 'ada@lovelace@acme.test' }, 'body.email'],
    ['a 321-character value', { email: `${'a'.repeat(310)}@acme.test` }, 'body.email'],
    ['an unknown field', { email: 'ada@acme.test', extra: 1 }, 'body.extra'],
  ])('refuses %s: %j → 400 naming %s', async (_what, body, field) => {
    await expectRefused('POST', '/api/verify', body, field);
  });

  it('refuses a 10,000-character value without repeating it', async () => {
    const long = `${'x'.repeat(10_000)}@acme.test`;
    const response = await expectRefused('POST', '/api/verify', { email: long }, 'body.email');
    expect(response.body.length).toBeLessThan(2_000);
    const plain = await expectRefused('POST', '/api/verify', { email: 'y'.repeat(10_000) }, 'body.email');
    expect(plain.body).not.toContain('y'.repeat(100));
  });

  it('never asked DNS about any of them', () => {
    expect(v.dns.queries()).toEqual([]);
  });
});

describe('POST /api/leads/verify', () => {
  const jobCount = async () =>
    Number((await v.scraper.dataSource.query('SELECT count(*)::int AS n FROM verification_jobs'))[0].n);

  it.each([
    ['no filter', {}, 'body.filter'],
    ['a filter that is not an object', { filter: 'all' }, 'body.filter'],
    ['an unknown filter field', { filter: { colour: 'red' } }, 'body.filter.colour'],
    ['an unknown field', { filter: {}, limit: 5 }, 'body.limit'],
    ['an unknown status', { filter: { verificationStatus: 'great' } }, 'body.filter.verificationStatus'],
    [
      'an unknown status in a list',
      { filter: { verificationStatus: ['valid', 'great'] } },
      'body.filter.verificationStatus[1]',
    ],
    ['an empty status list', { filter: { verificationStatus: [] } }, 'body.filter.verificationStatus'],
    ['a tag too long', { filter: { tag: 't'.repeat(10_000) } }, 'body.filter.tag'],
    ['an empty company', { filter: { company: '' } }, 'body.filter.company'],
  ])('refuses %s: %j → 400 naming %s, creating nothing', async (_what, body, field) => {
    await expectRefused('POST', '/api/leads/verify', body, field);
    expect(await jobCount()).toBe(0);
  });

  it('takes one status name or a list of them', async () => {
    for (const verificationStatus of ['unknown', ['unverified', 'risky']]) {
      const response = await v.call('POST', '/api/leads/verify', { filter: { verificationStatus } });
      expect(response.statusCode).toBe(202);
      expect(response.json().filter.verificationStatus).toEqual(
        expect.arrayContaining([verificationStatus].flat()),
      );
    }
  });
});

describe('PUT /api/settings/verification', () => {
  it.each([
    ['an empty body', {}, 'body.autoVerifyNewLeads'],
    ['a value that is not a boolean', { autoVerifyNewLeads: 'sometimes' }, 'body.autoVerifyNewLeads'],
    ['an unknown field', { autoVerifyNewLeads: true, smtpProbe: true }, 'body.smtpProbe'],
  ])('refuses %s: %j → 400 naming %s', async (_what, body, field) => {
    await expectRefused('PUT', '/api/settings/verification', body, field);
    expect((await v.call('GET', '/api/settings/verification')).json()).toEqual({ autoVerifyNewLeads: false });
  });
});

describe('a gateway without a Scraper service', () => {
  it.each([
    ['POST', '/api/verify', { email: 'ada@acme.test' }],
    ['POST', '/api/leads/00000000-0000-4000-8000-000000000000/verify', undefined],
    ['POST', '/api/leads/verify', { filter: {} }],
    ['GET', '/api/leads/verify/00000000-0000-4000-8000-000000000000', undefined],
    ['POST', '/api/leads/verify/00000000-0000-4000-8000-000000000000/cancel', undefined],
    ['GET', '/api/settings/verification', undefined],
    ['PUT', '/api/settings/verification', { autoVerifyNewLeads: true }],
    // The scrape routes, served by the same missing service, answer the same.
    ['POST', '/api/scrape', { seedUrls: ['https://example.com/'] }],
    ['GET', '/api/scrape', undefined],
    ['GET', '/api/scrape/00000000-0000-4000-8000-000000000000', undefined],
    ['GET', '/api/scrape/00000000-0000-4000-8000-000000000000/results', undefined],
  ] as const)('answers %s %s with 503', async (method, url, body) => {
    const response = await v.h.call(method, url, { body });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });
});
