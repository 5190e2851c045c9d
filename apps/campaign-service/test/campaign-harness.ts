// Test support for the integration specs in src/: the campaign service on a real database
// (PostgreSQL, or PGlite as embedded mode runs it), the real client service and the real email
// service's API beside it, the in-process bus, and collectors of what the service publishes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type { Code, Client as RpcClient } from '@connectrpc/connect';
import {
  CampaignService,
  ClientService,
  EmailService,
  topics,
  type ClientInputSchema,
  type EventEnvelope,
} from '@coldreach/contracts';
import { openPgliteHost, queryRows, type DatabaseLocation, type ShardSet } from '@coldreach/db';
import { createInProcessEventBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createEnvelope, decodeEnvelope, type EnvelopedEvent } from '@coldreach/outbox';
import {
  createTeardown,
  createTestLocations,
  expectGrpcRejection,
  randomName,
  serveForTest,
} from '@coldreach/testing';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { createMemorySendLimiter, openEmailDatabase, startEmailService } from '@coldreach/email-service';
import { openCampaignShards } from '../src/campaign-database';
import { startCampaignService } from '../src/start-campaign-service';
import { startCampaignWorkers, type CampaignWorkers } from '../src/start-campaign-workers';

export interface HarnessOptions {
  /** Every database in one PGlite, as `npm start` runs; otherwise PostgreSQL databases. */
  embedded?: boolean;
  /** Campaign shards (databases, or PGlite schemas when embedded). Default 2. */
  campaignShards?: number;
  /**
   * 'api': the email service's gRPC API only, on a bus of its own (mailbox checks);
   * 'full': its delivery workers too, on the shared bus, so emails are "sent" to its catcher and
   * their outcomes come back on email.events.
   */
  email?: 'api' | 'full';
  /** Campaign worker sets to run (several = several processes). Default 1. */
  workers?: number;
  schedulerIntervalMs?: number;
  handOverBatchSize?: number;
  handOverMaxInFlight?: number;
  pendingTasksAhead?: number;
}

export interface Harness {
  /** The campaign shards, routed by workspace. */
  shards: ShardSet;
  bus: EventBus;
  rpc: RpcClient<typeof CampaignService>;
  clients: RpcClient<typeof ClientService>;
  email: RpcClient<typeof EmailService>;
  workers: CampaignWorkers[];
  /** Every envelope published on `email.commands` so far. */
  commands: EventEnvelope[];
  /** Every envelope published on `campaigns.events` so far. */
  campaignEvents: EventEnvelope[];
  /** Every envelope published on `email.events` so far. */
  emailEvents: EventEnvelope[];
  /** A new client; answers its id. */
  createClient(
    workspaceId: string,
    email: string,
    fields?: MessageInitShape<typeof ClientInputSchema>,
  ): Promise<string>;
  /** A new mailbox (no SMTP URL: the email service's catcher); answers its id. */
  createMailbox(workspaceId: string): Promise<string>;
  /** Publishes an email service event on `email.events` and answers it (to publish again). */
  feed<Desc extends DescMessage>(event: FedEvent<Desc>): Promise<EnvelopedEvent>;
  /** Publishes these events to email.events as one batch: one call, all on the partition of `key`. */
  feedBatch(key: string, events: readonly (FedEvent<DescMessage> | EnvelopedEvent)[]): Promise<void>;
  /** Publishes exactly the same message again (a redelivery). */
  redeliver(event: EnvelopedEvent): Promise<void>;
  /** A fresh workspace id whose rows land on campaign shard `shard`. */
  workspaceOn(shard: number): string;
  /** Runs the statement on every campaign shard; answers their rows, shard after shard. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs the statement on the shard of `workspaceId` only (e.g. a count over its rows). */
  sqlIn<T = Record<string, unknown>>(workspaceId: string, text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export const logger = createLogger({ name: 'campaign-service-test', level: 'silent' });

/** Starts everything on fresh databases; call `stop()` in afterAll. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const teardown = createTeardown();
  try {
    const shardCount = options.campaignShards ?? 2;
    const locations: { campaigns: DatabaseLocation[]; clients: DatabaseLocation; email: DatabaseLocation } =
      options.embedded
        ? await (async () => {
            const host = await openPgliteHost();
            teardown.add(() => host.close());
            return {
              campaigns: Array.from({ length: shardCount }, () => ({
                pglite: host,
                schema: randomName('campaigns'),
              })),
              clients: { pglite: host, schema: randomName('clients') },
              email: { pglite: host, schema: randomName('email') },
            };
          })()
        : await (async () => {
            const databases = await createTestLocations([
              'cr_campaign_clients',
              'cr_campaign_email',
              ...Array.from({ length: shardCount }, () => 'cr_campaigns'),
            ]);
            teardown.add(databases.dispose);
            const [clients, email, ...campaigns] = databases.locations;
            return { campaigns, clients: clients!, email: email! };
          })();

    const shards = await openClientShards([locations.clients]);
    teardown.add(() => shards.close());
    const clients = await serveForTest(teardown, ClientService, (address) =>
      startClientService({ ...address, shards, logger }),
    );

    const bus = createInProcessEventBus({ retryBackoffMs: 50 });
    teardown.add(() => bus.close());

    const emailData = await openEmailDatabase(locations.email, { migrate: true });
    teardown.add(() => emailData.destroy());
    const full = options.email === 'full';
    const emailBus = full ? bus : createInProcessEventBus();
    if (!full) teardown.add(() => emailBus.close());
    const emailService = await startEmailService({
      host: '127.0.0.1',
      port: 0,
      dataSource: emailData,
      bus: emailBus,
      clients,
      logger,
      credentialsKey: randomBytes(32),
      unsubscribeSecrets: [randomBytes(32).toString('base64url')],
      publicBaseUrl: 'http://127.0.0.1:8080',
      limiter: createMemorySendLimiter(),
      embedded: options.embedded ?? false,
      roles: { api: true, workers: full },
      ...(full ? { worker: { pollIntervalMs: 20 } } : {}),
      relayPollIntervalMs: 20,
    });
    teardown.add(() => emailService.stop());
    const email = createGrpcClient(EmailService, { baseUrl: emailService.url as string, timeoutMs: 20_000 });

    const campaignShards = await openCampaignShards(locations.campaigns);
    teardown.add(() => campaignShards.close());
    const rpc = await serveForTest(
      teardown,
      CampaignService,
      (address) => startCampaignService({ ...address, shards: campaignShards, clients, email, logger }),
      { timeoutMs: 30_000 },
    );

    const commands: EventEnvelope[] = [];
    const campaignEvents: EventEnvelope[] = [];
    const emailEvents: EventEnvelope[] = [];
    const collector = await bus.subscribe({
      groupId: randomName('collector'),
      topics: [topics.emailCommands, topics.campaignsEvents, topics.emailEvents],
      fromBeginning: true,
      handleBatch: async (batch) => {
        const into =
          batch.topic === topics.emailCommands
            ? commands
            : batch.topic === topics.campaignsEvents
              ? campaignEvents
              : emailEvents;
        for (const message of batch.messages) into.push(decodeEnvelope(message.value));
      },
    });
    teardown.add(() => collector.close());

    const workers: CampaignWorkers[] = [];
    for (let index = 0; index < (options.workers ?? 1); index++) {
      const set = await startCampaignWorkers({
        shards: campaignShards,
        bus,
        clients,
        logger,
        schedulerIntervalMs: options.schedulerIntervalMs ?? 50,
        relayPollIntervalMs: 20,
        handOverBatchSize: options.handOverBatchSize,
        handOverMaxInFlight: options.handOverMaxInFlight,
        pendingTasksAhead: options.pendingTasksAhead,
      });
      workers.push(set);
      teardown.add(() => set.stop());
    }

    return {
      shards: campaignShards,
      bus,
      rpc,
      clients,
      email,
      workers,
      commands,
      campaignEvents,
      emailEvents,
      async createClient(workspaceId, address, fields = {}) {
        const { client } = await clients.createClient({ workspaceId, client: { ...fields, email: address } });
        return client!.id;
      },
      async createMailbox(workspaceId) {
        const { mailbox } = await email.createMailbox({
          workspaceId,
          mailbox: {
            name: 'Sales',
            fromName: 'Sales',
            fromAddress: `sales-${randomUUID().slice(0, 8)}@corp.example`,
          },
        });
        return mailbox!.id;
      },
      async feed(event) {
        const enveloped = envelopeOf(event);
        await bus.publish(topics.emailEvents, [enveloped]);
        return enveloped;
      },
      async feedBatch(key, events) {
        const envelopes = events.map((event) => ('value' in event ? event : envelopeOf(event)));
        await bus.publish(
          topics.emailEvents,
          envelopes.map((envelope) => ({ ...envelope, key })),
        );
      },
      async redeliver(event) {
        await bus.publish(topics.emailEvents, [event]);
      },
      workspaceOn(shard) {
        // Random ids spread evenly: a few tries find one for any shard.
        for (let attempt = 0; attempt < 10_000; attempt++) {
          const workspaceId = randomUUID();
          if (campaignShards.indexFor(workspaceId) === shard) return workspaceId;
        }
        throw new Error(`no workspace id found for campaign shard ${shard}`);
      },
      async sql<T>(text: string, params: unknown[] = []) {
        const rows: T[] = [];
        for (const shard of campaignShards.shards)
          rows.push(...(await queryRows<T>(shard.manager, text, params)));
        return rows;
      },
      sqlIn: (workspaceId, text, params = []) =>
        queryRows(campaignShards.shardFor(workspaceId).manager, text, params),
      stop: teardown.close,
    };
  } catch (error) {
    await teardown.close();
    throw error;
  }
}

/** An event as the Email service would publish it to email.events. */
export interface FedEvent<Desc extends DescMessage> {
  type: string;
  workspaceId: string;
  key: string;
  schema: Desc;
  message: MessageShape<Desc>;
}

function envelopeOf<Desc extends DescMessage>(event: FedEvent<Desc>): EnvelopedEvent {
  return createEnvelope({
    type: event.type,
    workspaceId: event.workspaceId,
    key: event.key,
    source: 'email-service',
    payload: { schema: event.schema, message: event.message },
  });
}

/** A fresh workspace id, so tests sharing a harness never see each other's rows. */
export const newWorkspace = (): string => randomUUID();

/** Awaits a call that must fail with `code`; answers the error's message and violation fields. */
export async function rejection(
  call: Promise<unknown>,
  code: Code,
): Promise<{ message: string; fields: string[]; violations: { field: string; message: string }[] }> {
  const { message, violations } = await expectGrpcRejection(call, code);
  return { message, fields: violations.map((v) => v.field), violations };
}
