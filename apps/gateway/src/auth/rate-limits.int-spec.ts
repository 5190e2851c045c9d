// The gateway's budgets: per workspace as well as per key, and per client address on the routes
// without a key. Time is a fake clock handed to the limiters: nothing sleeps.
import {
  createMemoryRateLimiter,
  createRedisClient,
  createRedisRateLimiter,
  type Redis,
} from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

// Building a second app compiles its route schemas: seconds on a loaded machine.
jest.setTimeout(60_000);

let now = 1_700_000_000_000;
const clock = () => now;
const token = `eyJ3IjoiMSJ9.${'s'.repeat(40)}`;

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({
    rateLimiter: createMemoryRateLimiter({ limit: 3, windowSeconds: 60, now: clock }),
    workspaceRateLimiter: createMemoryRateLimiter({ limit: 5, windowSeconds: 60, now: clock }),
    publicRateLimiter: createMemoryRateLimiter({ limit: 2, windowSeconds: 60, now: clock }),
  });
}, 60_000);
afterAll(() => h?.close());

function expectLimited(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 429, type: 'urn:coldreach:problem:rate-limited' });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.headers['ratelimit-remaining']).toBe('0');
}

describe('per workspace as well as per key', () => {
  it('stops a workspace from multiplying its budget by creating keys', async () => {
    const tenant = await h.tenant('many keys');
    const keys = [tenant.key];
    for (let i = 0; i < 2; i++) keys.push((await h.tenancy.createApiKey(tenant.workspaceId, `key ${i}`)).key);
    const statuses: number[] = [];
    // Three keys of three requests each would be nine; the workspace has five.
    for (const key of keys)
      for (let i = 0; i < 3; i++) statuses.push((await h.call('GET', '/api/leads', { key })).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const limited = await h.call('GET', '/api/leads', { key: keys[2]! });
    expectLimited(limited);
    expect(limited.json()).toMatchObject({ detail: expect.stringContaining('workspace') });
    // Another workspace is untouched.
    expect((await h.call('GET', '/api/leads', { key: h.b.key })).statusCode).toBe(200);
  });

  it('still limits one key below its workspace, and refills smoothly', async () => {
    const tenant = await h.tenant('one key');
    for (let i = 0; i < 3; i++) {
      const response = await h.call('GET', '/api/leads', { key: tenant.key });
      expect(response.statusCode).toBe(200);
      // The tightest budget is reported: the key's.
      expect(response.headers['ratelimit-limit']).toBe('3');
    }
    const limited = await h.call('GET', '/api/leads', { key: tenant.key });
    expectLimited(limited);
    expect(limited.json()).toMatchObject({ detail: expect.stringContaining('API key') });
    expect(limited.headers['retry-after']).toBe('20');
    now += 20_000;
    expect((await h.call('GET', '/api/leads', { key: tenant.key })).statusCode).toBe(200);
    expectLimited(await h.call('GET', '/api/leads', { key: tenant.key }));
  });
});

describe('per client address on the routes without a key', () => {
  it('limits unsubscribe GET and POST by address, and leaves the probes alone', async () => {
    const from = (remoteAddress: string, method: 'GET' | 'POST') =>
      h.app.inject({
        method,
        url: `/unsubscribe/${token}`,
        remoteAddress,
        headers: { accept: 'application/json' },
      });
    expect((await from('192.0.2.10', 'GET')).statusCode).not.toBe(429);
    expect((await from('192.0.2.10', 'POST')).statusCode).not.toBe(429);
    const limited = await from('192.0.2.10', 'GET');
    expectLimited(limited);
    expect(limited.body).not.toContain(token);
    expect(limited.json()).toMatchObject({ detail: expect.stringContaining('client address') });
    // Another address has its own budget; X-Forwarded-For is not believed without TRUST_PROXY.
    expect((await from('192.0.2.11', 'GET')).statusCode).not.toBe(429);
    const forged = await h.app.inject({
      method: 'GET',
      url: `/unsubscribe/${token}`,
      remoteAddress: '192.0.2.10',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(forged.statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      expect(
        (await h.app.inject({ method: 'GET', url: '/health', remoteAddress: '192.0.2.10' })).statusCode,
      ).toBe(200);
    }
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    const app = await buildGatewayApp({
      ...h.deps,
      trustProxy: '127.0.0.1',
      publicRateLimiter: createMemoryRateLimiter({ limit: 1, windowSeconds: 60, now: clock }),
      readinessChecks: [],
    });
    try {
      const via = (client: string) =>
        app.inject({
          method: 'GET',
          url: `/unsubscribe/${token}`,
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': client },
        });
      expect((await via('198.51.100.1')).statusCode).not.toBe(429);
      expect((await via('198.51.100.2')).statusCode).not.toBe(429);
      expect((await via('198.51.100.1')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('with the Redis limiters', () => {
  it('shares the workspace budget between gateways', async () => {
    const redis: Redis = createRedisClient(testRedisUrl);
    try {
      await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
      const prefix = randomName('gw_rl');
      const workspaceRateLimiter = createRedisRateLimiter(redis, {
        limit: 2,
        windowSeconds: 60,
        prefix,
        now: clock,
      });
      const gateways = await Promise.all(
        [1, 2].map(() => buildGatewayApp({ ...h.deps, workspaceRateLimiter, readinessChecks: [] })),
      );
      try {
        const tenant = await h.tenant('redis');
        const second = (await h.tenancy.createApiKey(tenant.workspaceId, 'second')).key;
        const get = (i: number, key: string) =>
          gateways[i % 2]!.inject({
            method: 'GET',
            url: '/api/leads',
            headers: { authorization: `Bearer ${key}` },
          });
        expect((await get(0, tenant.key)).statusCode).toBe(200);
        expect((await get(1, second)).statusCode).toBe(200);
        expectLimited(await get(0, second));
        expect(await redis.exists(`${prefix}:${tenant.workspaceId}`)).toBe(1);
      } finally {
        await Promise.all(gateways.map((app) => app.close()));
      }
    } finally {
      redis.disconnect();
    }
  }, 60_000);

  it('spends the workspace and key budgets in one Redis round trip per request', async () => {
    const redis: Redis = createRedisClient(testRedisUrl);
    try {
      await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
      let roundTrips = 0;
      const evalsha = redis.evalsha.bind(redis) as (...args: unknown[]) => Promise<unknown>;
      (redis as unknown as { evalsha: typeof evalsha }).evalsha = (...args) => {
        roundTrips += 1;
        return evalsha(...args);
      };
      const prefix = randomName('gw_rl');
      const limiter = (limit: number, name: string) =>
        createRedisRateLimiter(redis, { limit, windowSeconds: 60, prefix: `${prefix}:${name}`, now: clock });
      const app = await buildGatewayApp({
        ...h.deps,
        rateLimiter: limiter(2, 'key'),
        workspaceRateLimiter: limiter(3, 'workspace'),
        readinessChecks: [],
      });
      try {
        const tenant = await h.tenant('one round trip');
        const second = (await h.tenancy.createApiKey(tenant.workspaceId, 'second')).key;
        const get = (key: string) =>
          app.inject({ method: 'GET', url: '/api/leads', headers: { authorization: `Bearer ${key}` } });
        const first = await get(tenant.key);
        expect(first.statusCode).toBe(200);
        // The tightest budget is reported: the key's (2), not the workspace's (3).
        expect(first.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1' });
        expect((await get(tenant.key)).statusCode).toBe(200);
        const byKey = await get(tenant.key);
        expectLimited(byKey);
        expect(byKey.json()).toMatchObject({ detail: expect.stringContaining('API key') });
        // The workspace's budget came first and was spent by that refused request, as before:
        // its three are gone, so the second key is refused by the workspace.
        const byWorkspace = await get(second);
        expectLimited(byWorkspace);
        expect(byWorkspace.json()).toMatchObject({ detail: expect.stringContaining('workspace') });
        expect(roundTrips).toBe(4);
      } finally {
        await app.close();
      }
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});
