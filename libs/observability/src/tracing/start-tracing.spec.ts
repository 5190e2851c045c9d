import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { waitFor } from '@coldreach/testing';
import { startTracing } from './start-tracing';

describe('startTracing', () => {
  it('registers nothing without an endpoint: spans are no-ops and no trace context is propagated', async () => {
    const tracing = startTracing({ serviceName: 'quiet', env: {} });
    try {
      const span = trace.getTracer('t').startSpan('work');
      expect(span.isRecording()).toBe(false);
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      expect(carrier).toEqual({});
      span.end();
    } finally {
      await tracing.shutdown();
    }
  });

  it('exports spans over OTLP/HTTP to the endpoint, with the service name, and propagates W3C context', async () => {
    const received: { path: string; type: string; body: Buffer }[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          path: request.url ?? '',
          type: request.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    const tracing = startTracing({
      serviceName: 'exporting-service',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    try {
      const span = trace.getTracer('t').startSpan('exported-work');
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      span.end();
      await tracing.flush();
      await waitFor(() => received.length > 0, { timeoutMs: 20_000 });
      const [first] = received;
      expect(first?.path).toBe('/v1/traces');
      // OTLP/HTTP with JSON bodies, which Jaeger's and the Collector's receivers both accept.
      expect(first?.type).toContain('application/json');
      const exported = JSON.stringify(JSON.parse(first?.body.toString() ?? '{}'));
      expect(exported).toContain('{"key":"service.name","value":{"stringValue":"exporting-service"}}');
      expect(exported).toContain('"name":"exported-work"');
    } finally {
      await tracing.shutdown();
      await new Promise((resolve) => collector.close(resolve));
    }
  });

  it('refuses a second registration in the same process', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' };
    const tracing = startTracing({ serviceName: 'one', env });
    try {
      expect(() => startTracing({ serviceName: 'two', env })).toThrow('already started');
    } finally {
      await tracing.shutdown();
    }
  });
});
