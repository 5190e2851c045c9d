import { SpanKind, trace } from '@opentelemetry/api';
import { startTestTracing, type TestTracing } from '@coldreach/observability';
import { waitFor } from '@coldreach/testing';
import type { EventMessage } from './event-bus';
import { createInProcessEventBus } from './in-process-event-bus';
import { traceHeadersOf, withMessageSpan } from './message-tracing';

describe('message tracing', () => {
  let tracing: TestTracing;
  beforeAll(() => {
    tracing = startTestTracing();
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => tracing.reset());

  /** A message written inside a span of its own trace, as the outbox writes it. */
  function tracedMessage(key: string): { message: EventMessage; traceId: string; spanId: string } {
    return trace.getTracer('test').startActiveSpan('producer', (span) => {
      const headers: Record<string, string> = { 'event-id': key };
      const { traceId, spanId } = span.spanContext();
      headers.traceparent = `00-${traceId}-${spanId}-01`;
      span.end();
      return { message: { key, value: new Uint8Array([1]), headers }, traceId, spanId };
    });
  }

  it('handles a batch in a CONSUMER span continuing the first message trace and linking every message', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1 });
    const seenTraceIds: string[] = [];
    try {
      const first = tracedMessage('a');
      const second = tracedMessage('b');
      // Published before anyone subscribes, so both arrive in one batch.
      await bus.publish('leads', [first.message, second.message]);
      await bus.subscribe({
        groupId: 'g',
        topics: ['leads'],
        handleBatch: async () => {
          seenTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
        },
      });
      const receive = await waitFor(() => tracing.spans().find((span) => span.name === 'leads receive'));
      expect(receive.kind).toBe(SpanKind.CONSUMER);
      expect(receive.spanContext().traceId).toBe(first.traceId);
      expect(receive.parentSpanContext?.spanId).toBe(first.spanId);
      expect(receive.links.map((link) => link.context.traceId)).toEqual([first.traceId, second.traceId]);
      expect(receive.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': 'leads',
        'messaging.consumer.group.name': 'g',
        'messaging.batch.message_count': 2,
      });
      expect(seenTraceIds).toEqual([first.traceId]);
    } finally {
      await bus.close();
    }
  });

  it('starts a new trace for a batch of messages that carry none', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1 });
    try {
      await bus.publish('leads', [{ key: 'k', value: new Uint8Array([1]), headers: {} }]);
      await bus.subscribe({ groupId: 'g', topics: ['leads'], handleBatch: async () => undefined });
      const receive = await waitFor(() => tracing.spans().find((span) => span.name === 'leads receive'));
      expect(receive.parentSpanContext).toBeUndefined();
      expect(receive.links).toEqual([]);
    } finally {
      await bus.close();
    }
  });

  it('runs one message in a span of its own trace, and keeps only its trace headers', async () => {
    const { message, traceId, spanId } = tracedMessage('c');
    const received = { ...message, topic: 'leads', partition: 0, offset: '7' };
    const inside = await withMessageSpan(
      received,
      'g',
      async () => trace.getActiveSpan()?.spanContext().traceId,
    );
    expect(inside).toBe(traceId);
    const process = tracing.spans().find((span) => span.name === 'leads process');
    expect(process?.parentSpanContext?.spanId).toBe(spanId);
    expect(process?.attributes['messaging.kafka.offset']).toBe(7);
    expect(traceHeadersOf({ ...message.headers, tracestate: 'k=v' })).toEqual({
      traceparent: message.headers.traceparent,
      tracestate: 'k=v',
    });
  });
});
