// Test support for the integration specs in src/: the email service on two shards (two PostgreSQL
// databases, or two PGlite schemas as embedded mode runs it), the real client service beside it, the
// in-process bus, and a logger whose every line is kept so tests can look for leaked secrets.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import type { Code, Client as RpcClient } from '@connectrpc/connect';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import {
  ClientService,
  EmailService,
  EventEnvelopeSchema,
  InboundMailService,
  type EventEnvelope,
} from '@coldreach/contracts';
import { openPgliteHost, queryRows, type DatabaseLocation, type ShardSet } from '@coldreach/db';
import { createInProcessEventBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger, type Logger } from '@coldreach/observability';
import {
  createTeardown,
  createTestLocations,
  expectGrpcRejection,
  randomName,
  serveForTest,
} from '@coldreach/testing';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { openEmailShards, workspaceShard, workspaceShardIndex } from '../src/email-database';
import { createMemorySendLimiter } from '../src/sending';
import {
  emailTopics,
  startEmailService,
  type EmailServiceOptions,
  type RunningEmailService,
} from '../src/start-email-service';
import { loopbackSmtpCidrs, outboxPublished } from './ledger-fixtures';

export interface HarnessOptions {
  /** PGlite and the in-process address fence, as `npm start` runs; otherwise PostgreSQL. */
  embedded?: boolean;
  roles?: EmailServiceOptions['roles'];
  defaultSmtpUrl?: string;
  smtpProbe?: EmailServiceOptions['smtpProbe'];
  /** SMTP_ALLOWED_PRIVATE_CIDRS; default loopback (the test servers), as `npm start` allows. */
  smtpAllowedPrivateCidrs?: EmailServiceOptions['smtpAllowedPrivateCidrs'];
  inbound?: EmailServiceOptions['inbound'];
}

/** The email shards every harness runs on: every test's workspaces land on either. */
export const harnessShardCount = 2;

export interface Harness {
  /** The email shards, routed by workspace. */
  shards: ShardSet;
  /** The shard of `workspaceId`'s rows. */
  shardOf(workspaceId: string): DataSource;
  /** A fresh workspace id whose rows live on shard `index`. */
  workspaceOn(index: number): string;
  bus: EventBus;
  service: RunningEmailService;
  rpc: RpcClient<typeof EmailService>;
  inboundRpc: RpcClient<typeof InboundMailService>;
  clients: RpcClient<typeof ClientService>;
  credentialsKey: Uint8Array;
  unsubscribeSecret: string;
  /** Every log line the service wrote, raw JSON. */
  logLines: string[];
  /** Every envelope published on `email.events` so far (after the outbox relay). */
  emailEvents: EventEnvelope[];
  /** A new client in `workspaceId`; answers its id. */
  createClient(workspaceId: string, email: string, firstName?: string): Promise<string>;
  /** A new mailbox without SMTP URL (the catcher) in `workspaceId`; answers its id. */
  createMailbox(workspaceId: string, fromAddress?: string): Promise<string>;
  /** Runs `text` on the shard of `workspaceId`. */
  sql<T = Record<string, unknown>>(workspaceId: string, text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `text` on every shard; answers their rows one after the other (lookups by id, dead letters). */
  sqlAll<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Resolves once the relay has published every shard's outbox as it is now. */
  outboxPublished(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts everything on fresh databases; call `stop()` in afterAll. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const teardown = createTeardown();
  let emailLocations: DatabaseLocation[];
  let clientLocation: DatabaseLocation;
  const emailNames = Array.from({ length: harnessShardCount }, (_, i) => `cr_email_shard${i}`);
  if (options.embedded) {
    const host = await openPgliteHost();
    teardown.add(() => host.close());
    emailLocations = emailNames.map((name) => ({ pglite: host, schema: randomName(name) }));
    clientLocation = { pglite: host, schema: randomName('clients') };
  } else {
    const databases = await createTestLocations([...emailNames, 'cr_email_clients']);
    teardown.add(databases.dispose);
    emailLocations = databases.locations.slice(0, harnessShardCount);
    clientLocation = databases.locations[harnessShardCount]!;
  }
  const shards = await openEmailShards(emailLocations, { migrate: true });
  teardown.add(() => shards.close());
  const clientShards = await openClientShards([clientLocation]);
  teardown.add(() => clientShards.close());
  const silent = createLogger({ name: 'client-service-test', level: 'silent' });
  const clients = await serveForTest(teardown, ClientService, (address) =>
    startClientService({ ...address, shards: clientShards, logger: silent }),
  );

  const bus = createInProcessEventBus({ retryBackoffMs: 50 });
  teardown.add(() => bus.close());
  await bus.ensureTopics(emailTopics);
  const emailEvents: EventEnvelope[] = [];
  await bus.subscribe({
    groupId: randomName('observer'),
    topics: ['email.events'],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) emailEvents.push(fromBinary(EventEnvelopeSchema, message.value));
    },
  });

  const logLines: string[] = [];
  const logger: Logger = createLogger({
    name: 'email-service-test',
    level: 'trace',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const credentialsKey = randomBytes(32);
  const unsubscribeSecret = randomBytes(32).toString('hex');
  const service = await startEmailService({
    host: '127.0.0.1',
    port: 0,
    shards,
    bus,
    clients,
    logger,
    credentialsKey,
    unsubscribeSecrets: [unsubscribeSecret],
    publicBaseUrl: 'http://127.0.0.1:8080',
    defaultSmtpUrl: options.defaultSmtpUrl,
    limiter: createMemorySendLimiter(),
    embedded: options.embedded ?? false,
    roles: options.roles,
    relayPollIntervalMs: options.embedded ? 100 : 25,
    smtpProbe: options.smtpProbe,
    smtpAllowedPrivateCidrs: options.smtpAllowedPrivateCidrs ?? loopbackSmtpCidrs,
    inbound: options.inbound,
  });
  teardown.add(() => service.stop());
  const rpcOptions = { baseUrl: service.url ?? 'http://127.0.0.1:9', timeoutMs: 20_000 };
  const rpc = createGrpcClient(EmailService, rpcOptions);
  const inboundRpc = createGrpcClient(InboundMailService, rpcOptions);

  return {
    shards,
    shardOf: (workspaceId) => workspaceShard(shards, workspaceId),
    workspaceOn(index) {
      for (;;) {
        const workspaceId = randomUUID();
        if (workspaceShardIndex(shards, workspaceId) === index) return workspaceId;
      }
    },
    bus,
    service,
    rpc,
    inboundRpc,
    clients,
    credentialsKey,
    unsubscribeSecret,
    logLines,
    emailEvents,
    async createClient(workspaceId, email, firstName = '') {
      const { client } = await clients.createClient({ workspaceId, client: { email, firstName } });
      return client!.id;
    },
    async createMailbox(workspaceId, fromAddress = 'sales@sender.example') {
      const { mailbox } = await rpc.createMailbox({
        workspaceId,
        mailbox: { name: 'Sales', fromName: 'Sales', fromAddress },
      });
      return mailbox!.id;
    },
    sql: (workspaceId, text, params = []) =>
      queryRows(workspaceShard(shards, workspaceId).manager, text, params),
    async sqlAll<T>(text: string, params: unknown[] = []) {
      const perShard = await Promise.all(
        shards.shards.map((shard) => queryRows<T>(shard.manager, text, params)),
      );
      return perShard.flat();
    },
    async outboxPublished() {
      for (const shard of shards.shards) await outboxPublished(shard);
    },
    stop: teardown.close,
  };
}

/** A fresh workspace id, so tests sharing a harness never see each other's rows. */
export const newWorkspace = (): string => randomUUID();

/** Awaits a call that must fail with `code`; answers the field names of its violations and its message. */
export async function rejection(
  call: Promise<unknown>,
  code: Code,
): Promise<{ fields: string[]; message: string }> {
  const { violations, message } = await expectGrpcRejection(call, code);
  return { fields: violations.map((v) => v.field), message };
}

/** The payload of the email event of `type` about `key`, once the relay has published it. */
export function payloadOf<Desc extends DescMessage>(
  envelope: EventEnvelope | undefined,
  schema: Desc,
): MessageShape<Desc> | undefined {
  return envelope?.payload ? anyUnpack(envelope.payload, schema) : undefined;
}
