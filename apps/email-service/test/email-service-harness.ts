// Test support for the integration specs in src/: the email service on a real database (PostgreSQL,
// or PGlite as embedded mode runs it), the real client service beside it, the in-process bus, and a
// logger whose every line is kept so tests can look for leaked secrets.
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
import { openEmailDatabase } from '../src/email-database';
import { createMemorySendLimiter } from '../src/sending';
import {
  emailTopics,
  startEmailService,
  type EmailServiceOptions,
  type RunningEmailService,
} from '../src/start-email-service';
import { loopbackSmtpCidrs } from './ledger-fixtures';

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

export interface Harness {
  dataSource: DataSource;
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
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** Starts everything on fresh databases; call `stop()` in afterAll. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const teardown = createTeardown();
  let emailLocation: DatabaseLocation;
  let clientLocation: DatabaseLocation;
  if (options.embedded) {
    const host = await openPgliteHost();
    teardown.add(() => host.close());
    emailLocation = { pglite: host, schema: randomName('email') };
    clientLocation = { pglite: host, schema: randomName('clients') };
  } else {
    const databases = await createTestLocations(['cr_email', 'cr_email_clients']);
    teardown.add(databases.dispose);
    [emailLocation, clientLocation] = databases.locations as [DatabaseLocation, DatabaseLocation];
  }
  const dataSource = await openEmailDatabase(emailLocation, { migrate: true });
  teardown.add(() => dataSource.destroy());
  const shards: ShardSet = await openClientShards([clientLocation]);
  teardown.add(() => shards.close());
  const silent = createLogger({ name: 'client-service-test', level: 'silent' });
  const clients = await serveForTest(teardown, ClientService, (address) =>
    startClientService({ ...address, shards, logger: silent }),
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
    dataSource,
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
    dataSource,
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
    sql: (text, params = []) => queryRows(dataSource.manager, text, params),
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
