// Test support: every event of events.proto, built from the descriptors with its fields left empty
// the ways our own producers leave them, so a new event type or field is covered without editing
// the tests that use it (consumer-robustness.int-spec.ts).
import { randomUUID } from 'node:crypto';
import { create, ScalarType, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { EventEnvelopeSchema, eventTypes, file_coldreach_events_v1_events } from '@coldreach/contracts';
import type { EventMessage } from '@coldreach/events';

/**
 * How empty a payload is: `defaults` is `create(schema)` (every field "", 0, unset, empty); `empty
 * messages` also sets each message field to an empty message (a DeliveryRef with no ids); `ids only`
 * fills every `*_id` string with a fresh UUID and leaves the rest empty (ids that name nothing);
 * `no workspace` is `ids only` in an envelope whose workspace_id is empty.
 */
export const sparsenesses = ['defaults', 'empty messages', 'ids only', 'no workspace'] as const;
export type Sparseness = (typeof sparsenesses)[number];

export interface PayloadType {
  /** The envelope type, from `eventTypes`; one made up for a message it does not list yet. */
  type: string;
  schema: DescMessage;
}

/** A type no consumer knows, carried without any payload (a newer producer's event). */
export const unknownType = 'coldreach.test.unknown_event';

/**
 * Every payload message of events.proto: each message of the file except the envelope and those
 * only used as another message's field (DeliveryRef).
 */
export function payloadTypes(): PayloadType[] {
  const { messages } = file_coldreach_events_v1_events;
  const nested = new Set(
    messages.flatMap((message) => message.fields.flatMap((field) => field.message?.typeName ?? [])),
  );
  const typeOf = new Map<string, string>(
    Object.entries(eventTypes).map(([key, type]) => [key[0]!.toUpperCase() + key.slice(1), type]),
  );
  return messages
    .filter((message) => message !== EventEnvelopeSchema && !nested.has(message.typeName))
    .map((schema) => ({
      type:
        typeOf.get(schema.name) ??
        schema.name.replace(/[A-Z]/g, (c, at: number) => `${at ? '.' : ''}${c.toLowerCase()}`),
      schema,
    }));
}

/** A payload of `schema` as empty as `sparseness` says (see sparsenesses). */
export function sparsePayload(
  schema: DescMessage,
  sparseness: Sparseness,
  depth = 0,
): Record<string, unknown> {
  const message = create(schema) as unknown as Record<string, unknown>;
  if (sparseness === 'defaults' || depth > 4) return message;
  for (const field of schema.fields) {
    // A oneof member stays unset: "none of them" is its default.
    if (field.oneof) continue;
    if (field.fieldKind === 'message') {
      message[field.localName] = sparsePayload(field.message, sparseness, depth + 1);
    } else if (
      sparseness !== 'empty messages' &&
      field.fieldKind === 'scalar' &&
      field.scalar === ScalarType.STRING &&
      field.name.endsWith('_id')
    ) {
      message[field.localName] = randomUUID();
    }
  }
  return message;
}

export interface SparseEvent {
  eventId: string;
  type: string;
  sparseness: Sparseness | 'no payload';
  /** The payload as sent (unset for the unknown type). */
  payload: Record<string, unknown> | undefined;
  /** The bus message: `key` is the caller's (one partition), the envelope's own key is empty. */
  message: EventMessage;
}

/** An envelope with only an event id, a type, a workspace and `payload`: no time, key or source. */
export function sparseEvent(
  busKey: string,
  type: string,
  sparseness: SparseEvent['sparseness'],
  payload?: { schema: DescMessage; message: Record<string, unknown> },
): SparseEvent {
  const eventId = randomUUID();
  const envelope = create(EventEnvelopeSchema, {
    eventId,
    type,
    workspaceId: sparseness === 'no workspace' ? '' : randomUUID(),
    payload: payload && anyPack(payload.schema, payload.message as MessageShape<DescMessage>),
  });
  return {
    eventId,
    type,
    sparseness,
    payload: payload?.message,
    message: {
      key: busKey,
      value: toBinary(EventEnvelopeSchema, envelope),
      headers: { 'event-id': eventId, 'event-type': type },
    },
  };
}

/** Every payload type in every sparseness, then the unknown type, all keyed `busKey`. */
export function everySparseEvent(busKey: string): SparseEvent[] {
  const events = payloadTypes().flatMap(({ type, schema }) =>
    sparsenesses.map((sparseness) =>
      sparseEvent(busKey, type, sparseness, {
        schema,
        message: sparsePayload(schema, sparseness === 'no workspace' ? 'ids only' : sparseness),
      }),
    ),
  );
  return [...events, sparseEvent(busKey, unknownType, 'no payload')];
}
