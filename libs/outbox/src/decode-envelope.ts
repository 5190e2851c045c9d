import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import { EventEnvelopeSchema, type EventEnvelope } from '@coldreach/contracts';
import { invalidMessage } from './invalid-message';

/**
 * Parses a Kafka message value; throws an InvalidMessageError (dead-lettered at once) when it is not
 * an envelope a consumer can dedup on.
 */
export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  let envelope: EventEnvelope;
  try {
    envelope = fromBinary(EventEnvelopeSchema, bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalidMessage(`not an event envelope: ${why}`, error);
  }
  if (envelope.eventId === '') throw invalidMessage('not an event envelope: event_id is empty');
  return envelope;
}

/**
 * The envelope's payload as `schema`; throws an InvalidMessageError when it holds another type, none,
 * or bytes that do not parse.
 */
export function unpackPayload<Desc extends DescMessage>(
  envelope: EventEnvelope,
  schema: Desc,
): MessageShape<Desc> {
  const what = `event ${envelope.eventId.slice(0, 64)} (${envelope.type.slice(0, 64)})`;
  let message: MessageShape<Desc> | undefined;
  try {
    message = envelope.payload && anyUnpack(envelope.payload, schema);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalidMessage(`${what}: its ${schema.typeName} payload does not parse: ${why}`, error);
  }
  if (!message) throw invalidMessage(`${what} does not hold a ${schema.typeName} payload`);
  return message;
}
