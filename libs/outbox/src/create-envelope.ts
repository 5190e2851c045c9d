import { randomUUID } from 'node:crypto';
import { create, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyPack, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EventEnvelopeSchema, type EventEnvelope } from '@coldreach/contracts';
import type { EventMessage } from '@coldreach/events';
import { currentTraceHeaders } from './trace-context';

/** Kafka header names every event carries (besides W3C `traceparent` / `tracestate`). */
export const eventHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  /** Added by a dead-letter replay: the id of the dead letter it came from. */
  replayedFrom: 'replayed-from',
} as const;

export interface EnvelopeInput<Desc extends DescMessage> {
  /** The payload's short name from `eventTypes`, e.g. `client.created`. */
  type: string;
  workspaceId: string;
  /** The Kafka key that orders it (client id, task id, …). */
  key: string;
  /** The producing service, e.g. `client-service`. */
  source: string;
  payload: { schema: Desc; message: MessageShape<Desc> };
  /** When the state change happened; now by default. */
  occurredAt?: Date;
}

/** An event ready for the outbox (or the bus): its bytes, key and headers, and the envelope itself. */
export interface EnvelopedEvent extends EventMessage {
  eventId: string;
  envelope: EventEnvelope;
}

/** Builds an EventEnvelope with a fresh event id, packs the payload, and derives the Kafka headers. */
export function createEnvelope<Desc extends DescMessage>(input: EnvelopeInput<Desc>): EnvelopedEvent {
  const eventId = randomUUID();
  const envelope = create(EventEnvelopeSchema, {
    eventId,
    type: input.type,
    workspaceId: input.workspaceId,
    occurredAt: timestampFromDate(input.occurredAt ?? new Date()),
    key: input.key,
    source: input.source,
    payload: anyPack(input.payload.schema, input.payload.message),
  });
  return {
    eventId,
    envelope,
    key: input.key,
    value: toBinary(EventEnvelopeSchema, envelope),
    headers: {
      ...currentTraceHeaders(),
      [eventHeaders.eventId]: eventId,
      [eventHeaders.eventType]: input.type,
    },
  };
}
