// A 5xx is reported to the error tracker (a loopback stand-in for Sentry) with the request's trace
// id, service and workspace, and the gateway's log lines carry the same fields.
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import {
  createErrorReporter,
  createLogger,
  startTestTracing,
  type TestTracing,
} from '@coldreach/observability';
import { startSentryStandIn, waitFor, type SentryStandIn } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let tracing: TestTracing;
let h: GatewayHarness;
let sentry: SentryStandIn;
beforeAll(async () => {
  // The services' own tracing (Fastify's instrumentation continues the caller's traceparent).
  tracing = startTestTracing('gateway');
  sentry = await startSentryStandIn();
  h = await startGatewayHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
  await sentry?.close();
  await tracing?.shutdown();
});

it('reports a 5xx with its trace id, service and workspace; logs carry them; no key anywhere', async () => {
  const lines: Record<string, unknown>[] = [];
  const errorReporter = createErrorReporter({ sentryDsn: sentry.dsn });
  const app = await buildGatewayApp({
    ...h.deps,
    logger: createLogger({
      name: 'gateway',
      errorReporter,
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    }),
    clients: createGrpcClient(ClientService, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }),
    readinessChecks: [],
  });
  try {
    // Booted first: inject would otherwise handle the request in the boot's async context.
    await app.ready();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await app.inject({
      method: 'GET',
      url: '/api/leads',
      headers: { authorization: `Bearer ${h.a.key}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.statusCode).toBe(503);
    await errorReporter?.flush(10_000);

    const [report] = await waitFor(() => sentry.envelopes().length > 0 && sentry.envelopes());
    expect(report?.event).toMatchObject({
      logger: 'gateway',
      message: { formatted: 'request failed' },
      tags: { service: 'gateway', workspace_id: h.a.workspaceId },
      contexts: { trace: { trace_id: traceId } },
    });
    expect(report?.raw).not.toContain(h.a.key.slice(4));

    const failed = lines.find((line) => line.msg === 'request failed');
    const completed = lines.find((line) => line.msg === 'request completed');
    for (const line of [failed, completed]) {
      expect(line).toMatchObject({ service: 'gateway', workspace_id: h.a.workspaceId, trace_id: traceId });
    }
    expect(JSON.stringify(lines)).not.toContain(h.a.key.slice(4));
  } finally {
    await app.close();
  }
});

it('reports nothing for a refusal (4xx)', async () => {
  const errorReporter = createErrorReporter({ sentryDsn: sentry.dsn });
  const before = sentry.envelopes().length;
  const app = await buildGatewayApp({
    ...h.deps,
    logger: createLogger({ name: 'gateway', errorReporter, destination: { write: () => undefined } }),
    readinessChecks: [],
  });
  try {
    const response = await app.inject({
      method: 'GET',
      url: '/api/leads',
      headers: { authorization: 'Bearer crk_nope' },
    });
    expect(response.statusCode).toBe(401);
    await errorReporter?.flush(10_000);
    expect(sentry.envelopes().length).toBe(before);
  } finally {
    await app.close();
  }
});
