// Test support for the client service's consumers (scrape.events, email.events): the service on real
// shards with its relay, both consumers, and what it publishes, on Kafka or on the in-process bus of
// embedded mode.
import { Writable } from 'node:stream';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { Code, ConnectError, type Client as RpcClient } from '@connectrpc/connect';
import {
  ClientService,
  ScrapeContactFoundSchema,
  ScrapeResultSchema,
  eventTypes,
  topics,
  type Client,
  type EventEnvelope,
} from '@coldreach/contracts';
import type { BucketShardSet } from '@coldreach/db';
import {
  createInProcessEventBus,
  createKafkaEventBus,
  type EventBus,
  type EventMessage,
} from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createEnvelope, decodeEnvelope, type EnvelopedEvent } from '@coldreach/outbox';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { startClientEventRelay } from '../src/client-event-relay';
import { openClientShards } from '../src/client-shards';
import { deriveClientId } from '../src/domain/client-id';
import { emailEventsTopic, startEmailEventsConsumer } from '../src/events/email-events-consumer';
import { scrapeEventsTopic, startScrapeEventsConsumer } from '../src/events/scrape-events-consumer';
import { startClientService } from '../src/start-client-service';
import { backends } from './client-service-harness';

export interface RigCase {
  name: string;
  backend: (typeof backends)[number];
  openBus(): EventBus;
}

const silent = createLogger({ name: 'scrape-events-test', level: 'silent' });

/** Connected mode's storage and broker, and embedded mode's (PGlite, the in-process bus). */
export const rigCases: RigCase[] = [
  {
    name: 'PostgreSQL shards and Kafka',
    backend: backends.find((backend) => backend.name.startsWith('PostgreSQL'))!,
    openBus: () =>
      createKafkaEventBus({
        brokers: testKafkaBrokers(),
        clientId: randomName('scrape-events-test'),
        namespace: randomName('scrape-events'),
        logger: silent,
        retryBackoffMs: 100,
        sessionTimeoutMs: 10_000,
      }),
  },
  {
    name: 'PGlite shards and the in-process bus',
    backend: backends.find((backend) => backend.name.startsWith('PGlite'))!,
    openBus: () => createInProcessEventBus({ retryBackoffMs: 50 }),
  },
];

export type ContactFields = MessageInitShape<typeof ScrapeResultSchema>;

/** A `scrape.contact_found` event as the scraper writes it (key: the job id, unless given). */
export function contactFound(
  workspaceId: string,
  jobId: string,
  result: ContactFields,
  leadTags: string[] = [],
  key = jobId,
): EnvelopedEvent {
  return createEnvelope({
    type: eventTypes.scrapeContactFound,
    workspaceId,
    key,
    source: 'scraper-service',
    payload: {
      schema: ScrapeContactFoundSchema,
      message: create(ScrapeContactFoundSchema, {
        jobId,
        result: create(ScrapeResultSchema, { workspaceId, jobId, ...result }),
        leadTags,
      }),
    },
  });
}

export type Rig = Awaited<ReturnType<typeof startRig>>;

/** The client service with its relay and consumers; every clients.events event and warn log kept. */
export async function startRig(rigCase: RigCase) {
  const { locations, dispose } = await rigCase.backend.open();
  const shards: BucketShardSet = await openClientShards(locations);
  const bus = rigCase.openBus();
  await bus.ensureTopics([
    { name: topics.clientsEvents, partitions: 6 },
    scrapeEventsTopic,
    emailEventsTopic,
  ]);
  const logs: string[] = [];
  const logger = createLogger({
    name: 'scrape-events-test',
    level: 'warn',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  const server = await startClientService({ host: '127.0.0.1', port: 0, shards, logger: silent });
  const relay = startClientEventRelay({ shards, bus, logger: silent, pollIntervalMs: 20 });
  const clientEvents: EventEnvelope[] = [];
  const collector = await bus.subscribe({
    groupId: randomName('scrape-events-collector'),
    topics: [topics.clientsEvents],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) clientEvents.push(decodeEnvelope(message.value));
    },
  });
  const consumer = await startScrapeEventsConsumer({ shards, bus, logger });
  const emailConsumer = await startEmailEventsConsumer({ shards, bus, logger });
  const rpc: RpcClient<typeof ClientService> = createGrpcClient(ClientService, {
    baseUrl: server.url,
    timeoutMs: 20_000,
  });

  /** The lead of `email` in the workspace, or undefined while there is none. */
  async function lead(workspaceId: string, email: string): Promise<Client | undefined> {
    try {
      return (await rpc.getClient({ workspaceId, id: deriveClientId(workspaceId, email) })).client;
    } catch (error) {
      if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
      throw error;
    }
  }

  return {
    shards,
    rpc,
    logs,
    lead,
    /** Publishes on `scrape.events`, or on `topic`. */
    publish: (events: readonly EventMessage[], topic: string = topics.scrapeEvents) =>
      bus.publish(
        topic,
        events.map(({ key, value, headers }) => ({ key, value, headers })),
      ),
    /** Waits until the lead exists and `ready` holds for it (by default: it exists). */
    waitForLead: (workspaceId: string, email: string, ready: (client: Client) => boolean = () => true) =>
      waitFor(
        async () => {
          const client = await lead(workspaceId, email);
          return client && ready(client) ? client : undefined;
        },
        { timeoutMs: 60_000, what: `the lead ${email}` },
      ),
    /** The clients.events of one workspace, once at least `count` of them arrived. */
    clientEventsOf: (workspaceId: string, count: number): Promise<EventEnvelope[]> =>
      waitFor(
        () => {
          const of = clientEvents.filter((event) => event.workspaceId === workspaceId);
          return of.length >= count && of;
        },
        { timeoutMs: 60_000, what: `${count} clients.events` },
      ),
    async stop() {
      await consumer.close();
      await emailConsumer.close();
      await server.close();
      await relay.stop();
      await collector.close();
      await bus.close();
      await shards.close();
      await dispose();
    },
  };
}
