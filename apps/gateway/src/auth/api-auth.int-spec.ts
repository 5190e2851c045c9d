import { createLogger } from '@coldreach/observability';
import { createRedisClient, createRedisRateLimiter, type Redis } from '@coldreach/rate-limit';
import { randomName, testRedisUrl } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

const rateLimit = 5;
let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ rateLimitPerWindow: rateLimit });
}, 60_000);
afterAll(() => h?.close());

async function newKey(): Promise<{ key: string; keyId: string }> {
  const { key, apiKey } = await h.tenancy.createApiKey(h.a.workspaceId, 'auth test');
  return { key, keyId: apiKey.id };
}

describe('authentication', () => {
  it('answers missing, malformed, unknown and revoked keys with one identical 401', async () => {
    const revoked = await newKey();
    expect((await h.call('GET', '/api/leads', { key: revoked.key })).statusCode).toBe(200);
    await h.tenancy.revokeApiKey(revoked.keyId);
    const valid = await newKey();
    const unknownKey = `crk_${'A'.repeat(43)}`;

    const attempts: Record<string, Record<string, string>> = {
      missing: {},
      empty: { authorization: '' },
      'wrong scheme': { authorization: `Basic ${valid.key}` },
      'no token': { authorization: 'Bearer ' },
      'not a key': { authorization: 'Bearer hello' },
      'two tokens': { authorization: `Bearer ${valid.key} ${valid.key}` },
      truncated: { authorization: `Bearer ${valid.key.slice(0, -1)}` },
      unknown: { authorization: `Bearer ${unknownKey}` },
      revoked: { authorization: `Bearer ${revoked.key}` },
    };
    const bodies = new Set<string>();
    for (const [name, headers] of Object.entries(attempts)) {
      for (const [method, url, body] of [
        ['GET', '/api/leads', undefined],
        ['POST', '/api/leads', { email: 'x@example.com' }],
        ['DELETE', `/api/leads/${crypto.randomUUID()}`, undefined],
      ] as const) {
        const response = await h.call(method, url, { key: null, headers, body });
        expect({ name, method, status: response.statusCode }).toEqual({ name, method, status: 401 });
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        bodies.add(response.body);
      }
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0]!)).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(await h.countLeads(h.a.workspaceId)).toBe(0);
    // The scheme is case-insensitive (RFC 6750) and the key works.
    expect(
      (await h.call('GET', '/api/leads', { key: null, headers: { authorization: `bearer ${valid.key}` } }))
        .statusCode,
    ).toBe(200);
  });

  it('never writes a key to the log, whether it was accepted or refused', async () => {
    const { key } = await newKey();
    const before = h.logs.length;
    await h.call('GET', '/api/leads', { key });
    await h.call('POST', '/api/leads', { key, body: { email: 'logged@example.com', firstName: 'Lo' } });
    await h.call('GET', '/api/leads/not-a-uuid', { key });
    await h.call('GET', '/api/leads', { key: `${key}x` });
    await h.call('GET', '/api/leads', { key: null, headers: { authorization: `Basic ${key}` } });
    const lines = h.logs.slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(10); // request in/out lines were captured
    const text = lines.join('\n');
    expect(text).toContain('/api/leads');
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(4, 20));
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});

describe('secrets outside the Authorization header', () => {
  it('never logs a key or token sent in the query string, a path or another header', async () => {
    const { key } = await newKey();
    const token = `eyJ3IjoiMSJ9.${'t0k3n'.repeat(10)}`;
    const before = h.logs.length;
    const requests: [string, string, Record<string, string>][] = [
      ['GET', `/api/leads?api_key=${key}`, {}],
      ['GET', `/api/leads?q=ann&access_token=${token}`, {}],
      ['GET', `/api/leads?password=${token}&key=${token}`, {}],
      ['GET', `/api/leads/${key}`, {}],
      ['GET', `/api/nothing?x=${key}`, {}],
      ['GET', '/api/leads', { 'x-api-key': key, 'x-token': token }],
      ['GET', `/unsubscribe/${token}`, {}],
      ['POST', `/unsubscribe/${token}?token=${token}`, {}],
      ['GET', `/unsubscribe/${token}%zz`, {}],
      ['GET', `/unsubscribe/${token}${'A'.repeat(5000)}`, {}],
    ];
    for (const [method, url, headers] of requests) await h.call(method, url, { key: null, headers });
    const text = h.logs.slice(before).join('\n');
    // Each request was logged (by its redacted URL)…
    expect(text).toContain('/api/leads?api_key=[redacted]');
    expect(text).toContain('/unsubscribe/[token]');
    // …and neither secret appears, whole or in part.
    for (const secret of [key, key.slice(4, 24), token, token.slice(13, 40)])
      expect(text).not.toContain(secret);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key has spent its budget, and keeps keys apart', async () => {
    const { key } = await newKey();
    for (let i = 0; i < rateLimit; i++) {
      const response = await h.call('GET', '/api/leads', { key });
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBe(String(rateLimit));
      expect(response.headers['ratelimit-remaining']).toBe(String(rateLimit - i - 1));
    }
    const limited = await h.call('POST', '/api/leads', { key, body: { email: 'late@example.com' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.json()).toMatchObject({ status: 429, type: 'urn:coldreach:problem:rate-limited' });
    expect((await h.call('GET', '/api/leads?q=late', { key: (await newKey()).key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it('shares one budget per key between gateways through Redis', async () => {
    // Two gateways, each with its own Redis connection and limiter, as two replicas would have.
    const connections: Redis[] = [createRedisClient(testRedisUrl), createRedisClient(testRedisUrl)];
    const prefix = randomName('gw_ratelimit');
    const [limiterOne, limiterTwo] = connections.map((redis) =>
      createRedisRateLimiter(redis, { limit: 3, windowSeconds: 60, prefix }),
    );
    const first = await startGatewayHarness({ rateLimiter: limiterOne });
    try {
      const { app, a } = first;
      const second = await buildGatewayApp({
        ...first.deps,
        logger: createLogger({ name: 'second-gateway', level: 'silent' }),
        rateLimiter: limiterTwo!,
        readinessChecks: [],
      });
      const get = (target: typeof app) =>
        target.inject({ method: 'GET', url: '/api/leads', headers: { authorization: `Bearer ${a.key}` } });
      expect((await get(app)).statusCode).toBe(200);
      expect((await get(second)).statusCode).toBe(200);
      expect((await get(app)).statusCode).toBe(200);
      const limited = await get(second);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await second.close();
    } finally {
      await first.close();
      for (const redis of connections) redis.disconnect();
    }
  }, 60_000);
});
