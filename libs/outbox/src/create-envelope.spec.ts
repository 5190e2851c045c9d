import { create } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ClientDeletedSchema, ClientCreatedSchema, eventTypes } from '@coldreach/contracts';
import { createEnvelope, eventHeaders } from './create-envelope';
import { decodeEnvelope, unpackPayload } from './decode-envelope';
import { setTraceContextInjector } from './trace-context';

const workspaceId = '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01';
const clientId = '9c1d7f52-3b0e-8a4e-9f7c-2a6b5d4e3c21';

function deletedEvent(occurredAt?: Date) {
  return createEnvelope({
    type: eventTypes.clientDeleted,
    workspaceId,
    key: clientId,
    source: 'client-service',
    payload: {
      schema: ClientDeletedSchema,
      message: create(ClientDeletedSchema, { clientId, email: 'a@b.c' }),
    },
    occurredAt,
  });
}

describe('createEnvelope', () => {
  afterEach(() => setTraceContextInjector(undefined));

  it('builds an envelope that decodes back, with its payload and headers', () => {
    const occurredAt = new Date('2025-01-31T09:15:02.123Z');
    const event = deletedEvent(occurredAt);
    expect(event.key).toBe(clientId);
    expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.headers).toEqual({
      [eventHeaders.eventId]: event.eventId,
      [eventHeaders.eventType]: 'client.deleted',
    });

    const envelope = decodeEnvelope(event.value);
    expect(envelope).toMatchObject({
      eventId: event.eventId,
      type: 'client.deleted',
      workspaceId,
      key: clientId,
      source: 'client-service',
    });
    expect(timestampDate(envelope.occurredAt!)).toEqual(occurredAt);
    expect(envelope.payload?.typeUrl).toBe('type.googleapis.com/coldreach.events.v1.ClientDeleted');
    expect(unpackPayload(envelope, ClientDeletedSchema)).toMatchObject({ clientId, email: 'a@b.c' });
  });

  it('gives every event its own id and stamps the current time by default', () => {
    const before = Date.now();
    const [a, b] = [deletedEvent(), deletedEvent()];
    expect(a.eventId).not.toBe(b.eventId);
    const occurred = timestampDate(decodeEnvelope(a.value).occurredAt!).getTime();
    expect(occurred).toBeGreaterThanOrEqual(before);
    expect(occurred).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to unpack a payload of another type', () => {
    const envelope = decodeEnvelope(deletedEvent().value);
    expect(() => unpackPayload(envelope, ClientCreatedSchema)).toThrow(
      /does not hold a coldreach.events.v1.ClientCreated payload/,
    );
  });

  it('refuses bytes that are not an envelope with an event id', () => {
    expect(() => decodeEnvelope(new Uint8Array())).toThrow('event_id is empty');
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).toThrow();
  });

  it('puts the active trace context in the headers through the tracing hook', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    setTraceContextInjector((carrier) => {
      carrier.traceparent = traceparent;
    });
    expect(deletedEvent().headers.traceparent).toBe(traceparent);
    setTraceContextInjector(undefined);
    expect(deletedEvent().headers).not.toHaveProperty('traceparent');
  });
});
