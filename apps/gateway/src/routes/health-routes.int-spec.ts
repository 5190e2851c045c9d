import { ClientService } from '@coldreach/contracts';
import { createLogger, workerHeartbeats } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { waitFor } from '@coldreach/testing';
import { buildGatewayApp, type GatewayDeps } from '../app';
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

  const appWith = (readinessChecks: GatewayDeps['readinessChecks'], logs: string[]) =>
    buildGatewayApp({
      ...h.deps,
      logger: createLogger({
        name: 'ready-test',
        destination: { write: (line: string) => void logs.push(line) },
      }),
      rateLimiter: createMemoryRateLimiter({ limit: 100, windowSeconds: 60 }),
      readinessChecks,
    });

  it('GET /ready stays 200 but says "degraded" and names failing dependencies, never their errors', async () => {
    const secret = 'hunter2-very-secret';
    const logs: string[] = [];
    const app = await appWith(
      [
        { name: 'postgres', check: () => h.tenancy.ping(), required: true },
        {
          name: 'redis',
          check: () => Promise.reject(new Error(`connect ECONNREFUSED redis://:${secret}@10.0.0.1:6379`)),
        },
        { name: 'slow', check: () => new Promise(() => undefined) },
      ],
      logs,
    );
    try {
      const response = await app.inject({ method: 'GET', url: '/ready' });
      // A Redis failover or one bad gRPC rollout must not take every gateway pod out of service.
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'degraded',
        checks: { postgres: 'ok', redis: 'failed', slow: 'failed' },
      });
      expect(response.body).not.toContain(secret);
      expect(logs.join('')).toContain('readiness check failed');
      expect(logs.join('')).not.toContain(secret);
    } finally {
      await app.close();
    }
  });

  it('GET /ready answers 503 when the gateway itself cannot serve (its database is down)', async () => {
    const app = await appWith(
      [
        { name: 'postgres', check: () => Promise.reject(new Error('connection refused')), required: true },
        { name: 'client-service', check: () => Promise.resolve() },
      ],
      [],
    );
    try {
      const response = await app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'unavailable',
        checks: { postgres: 'failed', 'client-service': 'ok' },
      });
    } finally {
      await app.close();
    }
  });

  it('GET /ready names a gRPC service whose worker stopped ticking (its health turns NOT_SERVING)', async () => {
    const heartbeat = workerHeartbeats.start(ClientService.typeName, 'stuck-test-loop', { deadlineMs: 100 });
    try {
      const response = await waitFor(
        async () => {
          const answer = await h.call('GET', '/ready', { key: null });
          return answer.json<{ status: string }>().status === 'degraded' && answer;
        },
        { what: 'a degraded /ready' },
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'degraded',
        checks: { postgres: 'ok', 'client-service': 'failed' },
      });
    } finally {
      heartbeat.stop();
    }
    await waitFor(
      async () =>
        (await h.call('GET', '/ready', { key: null })).json<{ status: string }>().status === 'ready',
      {
        what: 'ready again',
      },
    );
  });
});
