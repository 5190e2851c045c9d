import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('probes', () => {
  it('GET /health answers without a key', async () => {
    const response = await h.call('GET', '/health', { key: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready checks every dependency', async () => {
    const response = await h.call('GET', '/ready', { key: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', 'client-service': 'ok' } });
  });

  it('GET /ready answers 503 naming the failing checks, never their errors', async () => {
    const secret = 'hunter2-very-secret';
    const logs: string[] = [];
    const app = await buildGatewayApp({
      ...h.deps,
      logger: createLogger({
        name: 'ready-test',
        destination: { write: (line: string) => void logs.push(line) },
      }),
      rateLimiter: createMemoryRateLimiter({ limit: 100, windowSeconds: 60 }),
      readinessChecks: [
        { name: 'postgres', check: () => h.tenancy.ping() },
        {
          name: 'redis',
          check: () => Promise.reject(new Error(`connect ECONNREFUSED redis://:${secret}@10.0.0.1:6379`)),
        },
        { name: 'slow', check: () => new Promise(() => undefined) },
      ],
    });
    try {
      const started = Date.now();
      const response = await app.inject({ method: 'GET', url: '/ready' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'unavailable',
        checks: { postgres: 'ok', redis: 'failed', slow: 'failed' },
      });
      expect(response.body).not.toContain(secret);
      expect(logs.join('')).toContain('readiness check failed');
      expect(logs.join('')).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
