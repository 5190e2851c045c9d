// What the gateway answers to malformed requests and when a dependency is down: always a problem,
// never a 5xx for the caller's mistakes, and nothing changed.
import { connect } from 'node:net';
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

const bodyLimitBytes = 4096;
let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ bodyLimitBytes });
}, 60_000);
afterAll(() => h?.close());

describe('malformed requests', () => {
  const json = { 'content-type': 'application/json' };
  const cases: [
    string,
    { method?: string; url?: string; body?: string; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    ['truncated JSON', { body: '{"email":', headers: json }, 400, 'malformed-body'],
    ['not JSON at all', { body: 'email=a@example.com', headers: json }, 400, 'malformed-body'],
    ['an empty JSON body', { body: '', headers: json }, 400, 'malformed-body'],
    [
      'a prototype-polluting key',
      { body: '{"email":"p@example.com","__proto__":{"admin":true}}', headers: json },
      400,
      'malformed-body',
    ],
    ['JSON that is not an object', { body: '[{"email":"a@example.com"}]', headers: json }, 400, 'validation'],
    [
      'text/plain',
      { body: '{"email":"t@example.com"}', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported-media-type',
    ],
    [
      'a form',
      { body: 'email=f@example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'unsupported-media-type',
    ],
    [
      'a body over the cap',
      {
        body: JSON.stringify({ email: 'big@example.com', firstName: 'x'.repeat(bodyLimitBytes) }),
        headers: json,
      },
      413,
      'body-too-large',
    ],
    ['an unknown route', { method: 'GET', url: '/api/nothing-here' }, 404, 'not-found'],
    ['an unknown method', { method: 'PUT', url: '/api/leads' }, 404, 'not-found'],
  ];

  it.each(cases)('answers %s with a problem and changes nothing', async (_name, request, status, kind) => {
    const before = await h.countLeads(h.a.workspaceId);
    const response = await h.call(request.method ?? 'POST', request.url ?? '/api/leads', {
      body: request.body,
      headers: request.headers,
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      type: `urn:coldreach:problem:${kind}`,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(await h.countLeads(h.a.workspaceId)).toBe(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names every bad field at once', async () => {
    const response = await h.call('POST', '/api/leads', {
      body: {
        email: 7,
        firstName: 'x'.repeat(201),
        tags: [''],
        verificationStatus: 'great',
        collectedAt: 'yesterday',
        colour: 'red',
      },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields.sort()).toEqual([
      'body.collectedAt',
      'body.colour',
      'body.firstName',
      'body.tags[0]',
      'body.verificationStatus',
    ]);
  });
});

describe('refusals that never echo tokens or long input', () => {
  const token = `eyJ3IjoiMSJ9.${'s'.repeat(40)}`;
  const key = `crk_${'K'.repeat(43)}`;

  function expectProblem(
    response: { statusCode: number; headers: Record<string, unknown>; body: string },
    status: number,
  ) {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.body)).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:coldreach:problem:/),
    });
    expect(response.body.length).toBeLessThan(1000);
    expect(response.body).not.toContain(token);
    expect(response.body).not.toContain(key);
  }

  it('answers a bad percent-encoding (GET /%) with a problem', async () => {
    const response = await h.call('GET', '/%', { key: null });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({ type: 'urn:coldreach:problem:bad-url' });
    expect(response.body).not.toContain('FST_ERR');
    expectProblem(await h.call('GET', `/unsubscribe/${token}%zz`, { key: null }), 400);
  });

  it('answers a 5,000-character unsubscribe link with a 414 problem that repeats none of it', async () => {
    const response = await h.call('GET', `/unsubscribe/${token}${'A'.repeat(5000)}`, { key: null });
    expectProblem(response, 414);
    expect(response.body).not.toContain('AAAAAAAAAA');
  });

  it('caps and redacts the route a 404 repeats, and drops its query string', async () => {
    const long = await h.call('GET', `/api/${'x'.repeat(3000)}?api_key=${key}`);
    expectProblem(long, 404);
    expect(long.json<{ detail: string }>().detail.length).toBeLessThan(150);
    expect(long.body).not.toContain('api_key');
    const tokenPath = await h.call('GET', `/unsubscribe/${token}/more`, { key: null });
    expectProblem(tokenPath, 404);
    const keyPath = await h.call('GET', `/api/leads/${key}/x`);
    expectProblem(keyPath, 404);
  });

  it('caps an unknown field name it repeats', async () => {
    const response = await h.call('POST', '/api/leads', {
      body: `{"email":"cap@example.com","${'f'.repeat(3000)}":1}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400);
    expect(response.body).not.toContain('f'.repeat(200));
  });

  it('answers what the HTTP parser refuses (431, 400) with a problem on the socket', async () => {
    const app = await buildGatewayApp({ ...h.deps, readinessChecks: [] });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.end(request));
          let answer = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk: string) => (answer += chunk));
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
        });
      const headerFlood = await raw(
        `GET /api/leads?api_key=${key} HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${key}\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
      );
      expect(headerFlood).toMatch(/^HTTP\/1\.1 431 /);
      const [head431, body431] = headerFlood.split('\r\n\r\n');
      expect(head431).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body431 ?? '')).toMatchObject({
        status: 431,
        type: 'urn:coldreach:problem:headers-too-large',
      });
      expect(headerFlood).not.toContain(key);

      const garbage = await raw(`NOT HTTP /${token}\r\n\r\n`);
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(garbage.split('\r\n\r\n')[1] ?? '')).toMatchObject({ status: 400 });
      expect(garbage).not.toContain(token);
    } finally {
      await app.close();
    }
  });
});

describe('a dependency down', () => {
  it('answers 503 with a generic problem while the Client service is down', async () => {
    const logs: string[] = [];
    const app = await buildGatewayApp({
      ...h.deps,
      logger: createLogger({
        name: 'down-test',
        destination: { write: (line: string) => void logs.push(line) },
      }),
      rateLimiter: createMemoryRateLimiter({ limit: 100, windowSeconds: 60 }),
      clients: createGrpcClient(ClientService, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }),
      readinessChecks: [],
    });
    try {
      const headers = { authorization: `Bearer ${h.a.key}` };
      const list = await app.inject({ method: 'GET', url: '/api/leads', headers });
      expect(list.statusCode).toBe(503);
      expect(list.json()).toEqual({
        type: 'urn:coldreach:problem:unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'A service behind the API is unavailable or too slow; retry later.',
      });
      expect(list.body).not.toContain('127.0.0.1');
      const imported = await app.inject({
        method: 'POST',
        url: '/api/leads/import',
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: 'email\na@example.com\n',
      });
      expect(imported.statusCode).toBe(503);
      expect(logs.join('')).not.toContain(h.a.key);
    } finally {
      await app.close();
    }
  });
});
