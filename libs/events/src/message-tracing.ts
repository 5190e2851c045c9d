import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
} from '@opentelemetry/api';
import type { SubscribeOptions } from './event-bus';

const tracer = trace.getTracer('@coldreach/events');

/** The trace context a message's W3C headers (`traceparent`, `tracestate`) carry; the root when none. */
export function messageTraceContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Only the W3C trace headers of a message (to store with work that continues its trace later). */
export function traceHeadersOf(headers: Readonly<Record<string, string>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) {
    const value = headers[name];
    if (value) picked[name] = value;
  }
  return picked;
}

/**
 * Runs `work` in a CONSUMER span `<topic> process` continuing the trace of one message (its
 * `traceparent`), so what the handler does for that message joins the trace that produced it.
 */
export function withMessageSpan<T>(
  message: { topic: string; partition: number; offset: string; headers: Readonly<Record<string, string>> },
  groupId: string,
  work: () => Promise<T>,
): Promise<T> {
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.consumer.group.name': groupId,
    'messaging.kafka.offset': Number(message.offset),
  };
  return inSpan(`${message.topic} process`, { attributes }, messageTraceContext(message.headers), work);
}

/**
 * Wraps a subscription's batch handler in one CONSUMER span per batch, `<topic> receive`. Its parent
 * is the trace context of the batch's first traced message and it links to every message's context:
 * a batch is handled at once (often one transaction), so it cannot sit inside each message's trace,
 * but with one message (the common case when traffic is light) it continues that trace exactly,
 * and with more each trace can still be followed through the links. Work that outlives the batch
 * (an email sent later) stores its own message's trace headers and continues from those.
 */
export function traceBatches(
  handleBatch: SubscribeOptions['handleBatch'],
  groupId: string,
): SubscribeOptions['handleBatch'] {
  return (batch, batchContext) => {
    const contexts = batch.messages.map((message) => messageTraceContext(message.headers));
    const links: Link[] = contexts.flatMap((linked) => {
      const spanContext = trace.getSpanContext(linked);
      return spanContext ? [{ context: spanContext }] : [];
    });
    const parent = contexts.find((candidate) => trace.getSpanContext(candidate)) ?? ROOT_CONTEXT;
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'receive',
      'messaging.destination.name': batch.topic,
      'messaging.destination.partition.id': String(batch.partition),
      'messaging.consumer.group.name': groupId,
      'messaging.batch.message_count': batch.messages.length,
    };
    return inSpan(`${batch.topic} receive`, { attributes, links }, parent, () =>
      handleBatch(batch, batchContext),
    );
  };
}

function inSpan<T>(
  name: string,
  options: { attributes: Record<string, string | number>; links?: Link[] },
  parent: Context,
  work: () => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, ...options }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'failed' });
      throw error;
    } finally {
      span.end();
    }
  });
}
