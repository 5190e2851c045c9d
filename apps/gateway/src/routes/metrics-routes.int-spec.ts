import { randomUUID } from 'node:crypto';
import { ClientService } from '@coldreach/contracts';
import { metricValue } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

const scrape = async () => {
  const response = await h.call('GET', '/metrics', { key: null });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};

describe('GET /metrics', () => {
  it('moves when requests are answered: counts by route pattern and status, and the RPCs behind them', async () => {
    const leadId = await h.createLead(h.a, 'metrics-lead@example.test');
    const before = await scrape();
    expect((await h.call('GET', `/api/leads/${leadId}`, { key: h.a.key })).statusCode).toBe(200);
    expect((await h.call('GET', `/api/leads/${leadId}`, { key: h.a.key })).statusCode).toBe(200);
    const unknownId = randomUUID();
    expect((await h.call('GET', `/api/leads/${unknownId}`, { key: h.a.key })).statusCode).toBe(404);
    expect((await h.call('GET', '/no/such/path', { key: null })).statusCode).toBe(404);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const lead = { method: 'GET', route: '/api/leads/:id' };
    expect(delta('coldreach_http_requests_total', { ...lead, status: '200' })).toBe(2);
    expect(delta('coldreach_http_requests_total', { ...lead, status: '404' })).toBe(1);
    expect(delta('coldreach_http_request_duration_seconds_count', { ...lead, status: '200' })).toBe(2);
    expect(delta('coldreach_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    // Route patterns only: no id, no raw path in any label.
    expect(after).not.toContain(leadId);
    expect(after).not.toContain(unknownId);
    expect(after).not.toContain('/no/such/path');
    const getClient = { service: ClientService.typeName, method: 'GetClient', code: 'OK' };
    expect(delta('coldreach_rpc_client_handled_total', getClient)).toBe(2);
    expect(delta('coldreach_rpc_server_handled_total', getClient)).toBe(2);
    // The process's own health is there too.
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('asks for the bearer token when one is configured', async () => {
    const app = await buildGatewayApp({ ...h.deps, metricsToken: 'scrape-token-0123456789' });
    try {
      const without = await app.inject({ method: 'GET', url: '/metrics' });
      expect(without.statusCode).toBe(401);
      const wrong = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-token-9876543210' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('coldreach_http_requests_total');
    } finally {
      await app.close();
    }
  });
});
