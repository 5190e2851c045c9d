import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { EventMessage } from '@coldreach/events';

const tracer = trace.getTracer('@coldreach/outbox');

/**
 * A PRODUCER span `<topic> publish` per traced event the relay publishes, a child of the trace
 * context stored with the event at state-change time; the published headers then carry the
 * span's own context, so the consumer's span follows the publish in the trace. Events stored
 * without trace context are published as they are, with no span.
 */
export function startPublishSpans(
  topic: string,
  messages: readonly EventMessage[],
): { messages: EventMessage[]; end(error?: unknown): void } {
  const spans: Span[] = [];
  const traced = messages.map((message) => {
    if (!message.headers.traceparent) return message;
    const parent = propagation.extract(ROOT_CONTEXT, message.headers);
    const span = tracer.startSpan(
      `${topic} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.message.id': message.headers['event-id'] ?? '',
        },
      },
      parent,
    );
    spans.push(span);
    const headers = { ...message.headers };
    propagation.inject(trace.setSpan(context.active(), span), headers);
    return { ...message, headers };
  });
  return {
    messages: traced,
    end(error) {
      for (const span of spans) {
        if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'publish failed' });
        span.end();
      }
    },
  };
}
