// What the gateway answers to malformed requests and when a dependency is down: always a problem,
// never a 5xx for the caller's mistakes, and nothing changed.
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { buildGatewayApp } from './app';
import { startGatewayHarness, type GatewayHarness } from './test/gateway-harness';

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
