import { create } from '@bufbuild/protobuf';
import { trace } from '@opentelemetry/api';
import { ClientDeletedSchema, eventTypes } from '@coldreach/contracts';
import { startTestTracing } from '@coldreach/observability';
import { createEnvelope } from './create-envelope';

const workspaceId = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';
const clientId = '9c1d7f52-3b0e-8a4e-9f7c-2a6b5d4e3c21';

const deletedEvent = () =>
  createEnvelope({
    type: eventTypes.clientDeleted,
    workspaceId,
    key: clientId,
    source: 'client-service',
    payload: {
      schema: ClientDeletedSchema,
      message: create(ClientDeletedSchema, { clientId, email: 'a@b.c' }),
    },
  });

describe('trace context on events', () => {
  it('carries no traceparent while tracing is not started', () => {
    expect(Object.keys(deletedEvent().headers).sort()).toEqual(['event-id', 'event-type']);
  });

  it('carries the active span as traceparent once tracing is started, with no wiring', async () => {
    const tracing = startTestTracing();
    try {
      const headers = trace.getTracer('test').startActiveSpan('state change', (span) => {
        span.end();
        return { event: deletedEvent().headers, span: span.spanContext() };
      });
      expect(headers.event.traceparent).toBe(`00-${headers.span.traceId}-${headers.span.spanId}-01`);
      // Outside any span there is nothing to continue.
      expect(deletedEvent().headers).not.toHaveProperty('traceparent');
    } finally {
      await tracing.shutdown();
    }
  });
});
