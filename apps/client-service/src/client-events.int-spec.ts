import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { FieldMaskSchema, timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, type Client as RpcClient } from '@connectrpc/connect';
import {
  ClientCreatedSchema,
  ClientDeletedSchema,
  ClientInputSchema,
  ClientService,
  ClientsImportedSchema,
  ClientUpdatedSchema,
  topics,
  type EventEnvelope,
} from '@coldreach/contracts';
import type { BucketShardSet } from '@coldreach/db';
import {
  createInProcessEventBus,
  createKafkaEventBus,
  partitionForKey,
  type EventBus,
  type Subscription,
} from '@coldreach/events';
import type { GrpcServer } from '@coldreach/grpc';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { decodeEnvelope, eventHeaders, unpackPayload, type OutboxRelay } from '@coldreach/outbox';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { backends, newWorkspace, rejection, type Backend } from '../test/client-service-harness';
import { startClientEventRelay } from './client-event-relay';
import { openClientShards } from './client-shards';
import { startClientService } from './start-client-service';

jest.setTimeout(90_000);

type InputFields = MessageInitShape<typeof ClientInputSchema>;
const input = (fields: InputFields) => create(ClientInputSchema, fields);
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });
const logger = createLogger({ name: 'client-events-test', level: 'silent' });
/** Partitions of clients.events, as the rig ensures them. */
const partitions = 6;

interface Received {
  envelope: EventEnvelope;
  headers: Record<string, string>;
  key: string;
}

interface BusCase {
  name: string;
  open(): Promise<EventBus>;
}

const inProcess: BusCase = {
  name: 'the in-process bus',
  open: async () => createInProcessEventBus({ retryBackoffMs: 50 }),
};

// The real broker; `clients.events` is shared with other tests there, so each test reads only the
// events of its own random workspace.
const kafka: BusCase = {
  name: 'Kafka',
  open: async () =>
    createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: randomName('client-events-test'),
      logger,
      retryBackoffMs: 100,
    }),
};

/** The client service on `backend`, its relay publishing to `bus`, and a consumer collecting every event. */
async function startRig(backend: Backend, busCase: BusCase) {
  const { locations, dispose } = await backend.open();
  const shards: BucketShardSet = await openClientShards(locations);
  const bus = await busCase.open();
  await bus.ensureTopics([{ name: topics.clientsEvents, partitions }]);
  const server: GrpcServer = await startClientService({ host: '127.0.0.1', port: 0, shards, logger });
  const relay: OutboxRelay = startClientEventRelay({ shards, bus, logger, pollIntervalMs: 20 });
  const received: Received[] = [];
  const subscription: Subscription = await bus.subscribe({
    groupId: randomName('client-events-test'),
    topics: [topics.clientsEvents],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) {
        received.push({
          envelope: decodeEnvelope(message.value),
          headers: message.headers,
          key: message.key,
        });
      }
    },
  });
  const rpc = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 20_000 }) as RpcClient<
    typeof ClientService
  >;

  /**
   * Resolves once the consumer has everything committed before the call: the relay publishes it
   * (drain), then clients created in a workspace of their own until their ids cover every partition
   * put an event after it on each; partitions are consumed in order, so once those arrived, so had
   * everything before them.
   */
  async function caughtUp(): Promise<void> {
    await relay.drain();
    const workspaceId = newWorkspace();
    const markers: string[] = [];
    const covered = new Set<number>();
    while (covered.size < partitions) {
      const { results } = await rpc.upsertClients({
        workspaceId,
        clients: Array.from({ length: 12 }, (_, i) =>
          input({ email: `marker${markers.length + i}@example.com` }),
        ),
      });
      for (const { clientId } of results) {
        markers.push(clientId);
        covered.add(partitionForKey(clientId, partitions));
      }
    }
    await waitFor(() => markers.every((id) => received.some((event) => event.key === id)), {
      timeoutMs: 30_000,
      what: 'an event after ours on every partition',
    });
  }

  return {
    shards,
    rpc,
    /** The events of one workspace once `count` of them arrived (and no more came meanwhile). */
    async eventsOf(workspaceId: string, count: number): Promise<Received[]> {
      const of = () => received.filter((event) => event.envelope.workspaceId === workspaceId);
      await waitFor(() => of().length >= count, { timeoutMs: 30_000, what: `${count} events` });
      await caughtUp();
      return of();
    },
    async stop() {
      await server.close();
      await relay.stop();
      await subscription.close();
      await bus.close();
      await shards.close();
      await dispose();
    },
  };
}

function describeClientEvents(cases: { backend: Backend; bus: BusCase }[]): void {
  describe.each(cases.map((c) => ({ ...c, name: `${c.backend.name} with ${c.bus.name}` })))(
    'client events on $name',
    ({ backend, bus }) => {
      let rig: Awaited<ReturnType<typeof startRig>>;
      beforeAll(async () => (rig = await startRig(backend, bus)));
      afterAll(() => rig?.stop());

      it('publishes created, updated and deleted in order, with envelope fields and payloads', async () => {
        const workspaceId = newWorkspace();
        const { client: created } = await rig.rpc.createClient({
          workspaceId,
          client: input({ email: 'Jane@Example.com', firstName: 'Jane', company: 'Acme', tags: ['vip'] }),
        });
        const id = created!.id;
        const { client: updated } = await rig.rpc.updateClient({
          workspaceId,
          id,
          client: input({ firstName: 'Janet', company: 'Acme', tags: ['vip', 'berlin'] }),
          updateMask: mask('first_name', 'company', 'tags'),
        });
        await rig.rpc.deleteClient({ workspaceId, id });
        // Refused calls change nothing and publish nothing.
        await rejection(rig.rpc.deleteClient({ workspaceId, id }), Code.NotFound);
        await rejection(
          rig.rpc.updateClient({ workspaceId, id, client: input({}), updateMask: mask('title') }),
          Code.NotFound,
        );

        const events = await rig.eventsOf(workspaceId, 3);
        expect(events.map((e) => e.envelope.type)).toEqual([
          'client.created',
          'client.updated',
          'client.deleted',
        ]);
        for (const { envelope, headers, key } of events) {
          expect(envelope).toMatchObject({ workspaceId, key: id, source: 'client-service' });
          expect(key).toBe(id);
          expect(headers[eventHeaders.eventId]).toBe(envelope.eventId);
          expect(headers[eventHeaders.eventType]).toBe(envelope.type);
        }
        expect(new Set(events.map((e) => e.envelope.eventId)).size).toBe(3);

        const [createdEvent, updatedEvent, deletedEvent] = events as [Received, Received, Received];
        expect(unpackPayload(createdEvent.envelope, ClientCreatedSchema).client).toEqual(created);
        expect(timestampDate(createdEvent.envelope.occurredAt!)).toEqual(timestampDate(created!.createTime!));
        const change = unpackPayload(updatedEvent.envelope, ClientUpdatedSchema);
        expect(change.client).toEqual(updated);
        // The company was in the mask but kept its value.
        expect(change.changedFields).toEqual(['first_name', 'tags']);
        expect(unpackPayload(deletedEvent.envelope, ClientDeletedSchema)).toMatchObject({
          clientId: id,
          email: 'jane@example.com',
        });
      });

      it('publishes one event per created or merged client and one summary per upsert', async () => {
        const workspaceId = newWorkspace();
        const { client: existing } = await rig.rpc.createClient({
          workspaceId,
          client: input({ email: 'old@example.com', firstName: 'Old' }),
        });
        const { results } = await rig.rpc.upsertClients({
          workspaceId,
          clients: [
            input({ email: 'new@example.com', firstName: 'New' }),
            input({ email: 'OLD@example.com', company: 'Initech' }),
            input({ email: 'not an email' }),
            input({ email: 'new@example.com', title: 'CEO' }),
          ],
        });
        const newId = results[0]!.clientId;

        const events = await rig.eventsOf(workspaceId, 4);
        const types = events.map((e) => e.envelope.type);
        expect(types.filter((t) => t === 'client.created')).toHaveLength(2);
        expect(types.filter((t) => t === 'client.updated')).toHaveLength(1);
        expect(types.filter((t) => t === 'clients.imported')).toHaveLength(1);
        expect(events).toHaveLength(4);

        const createdNew = events.find(
          (e) => e.envelope.type === 'client.created' && e.envelope.key === newId,
        )!;
        expect(unpackPayload(createdNew.envelope, ClientCreatedSchema).client).toMatchObject({
          id: newId,
          email: 'new@example.com',
          firstName: 'New',
          title: 'CEO',
        });
        const merged = events.find((e) => e.envelope.type === 'client.updated')!;
        expect(merged.envelope.key).toBe(existing!.id);
        expect(unpackPayload(merged.envelope, ClientUpdatedSchema)).toMatchObject({
          client: { id: existing!.id, firstName: 'Old', company: 'Initech' },
          changedFields: ['company'],
        });
        const summary = events.find((e) => e.envelope.type === 'clients.imported')!;
        const imported = unpackPayload(summary.envelope, ClientsImportedSchema);
        expect(imported).toMatchObject({
          receivedCount: 4,
          createdCount: 1,
          mergedCount: 2,
          rejectedCount: 1,
        });
        expect(summary.envelope.key).toBe(imported.importId);
        expect(summary.key).toBe(imported.importId);
      });

      it('keeps the order of many changes to one client', async () => {
        const workspaceId = newWorkspace();
        const { client } = await rig.rpc.createClient({
          workspaceId,
          client: input({ email: 'o@example.com' }),
        });
        for (let i = 1; i <= 20; i++) {
          await rig.rpc.updateClient({
            workspaceId,
            id: client!.id,
            client: input({ title: `step ${i}` }),
            updateMask: mask('title'),
          });
        }
        const events = await rig.eventsOf(workspaceId, 21);
        const titles = events
          .slice(1)
          .map((e) => unpackPayload(e.envelope, ClientUpdatedSchema).client!.title);
        expect(titles).toEqual(Array.from({ length: 20 }, (_, i) => `step ${i + 1}`));
      });
    },
  );
}

describeClientEvents([
  ...backends.map((backend) => ({ backend, bus: inProcess })),
  { backend: backends[0]!, bus: kafka },
]);
