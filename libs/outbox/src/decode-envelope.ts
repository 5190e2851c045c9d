import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import { EventEnvelopeSchema, type EventEnvelope } from '@coldreach/contracts';

/** Parses a Kafka message value; throws when it is not an envelope a consumer can dedup on. */
export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  const envelope = fromBinary(EventEnvelopeSchema, bytes);
  if (envelope.eventId === '') throw new Error('not an event envelope: event_id is empty');
  return envelope;
}

/** The envelope's payload as `schema`; throws when it holds another type (or none). */
export function unpackPayload<Desc extends DescMessage>(
  envelope: EventEnvelope,
  schema: Desc,
): MessageShape<Desc> {
  const message = envelope.payload && anyUnpack(envelope.payload, schema);
  if (!message) {
    throw new Error(
      `event ${envelope.eventId} (${envelope.type}) does not hold a ${schema.typeName} payload`,
    );
  }
  return message;
}
