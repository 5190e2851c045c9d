import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { Client as RpcClient } from '@connectrpc/connect';
import { EmailService, InboundMailService, topics, type ClientService } from '@coldreach/contracts';
import { singleShardSet, type ShardSet } from '@coldreach/db';
import type { EventBus, Subscription } from '@coldreach/events';
import { ServingStatus, startGrpcServer, type GrpcServer, type HealthRegistry } from '@coldreach/grpc';
import type { Logger } from '@coldreach/observability';
import { startOrCleanUp } from '@coldreach/process';
import { createOutboundGuard, type AllowedCidr, type HostResolver } from '@coldreach/outbound-guard';
import type { UnsubscribeTokenSecret } from '@coldreach/outreach';
import { startOutboxRelay, type OutboxRelay } from '@coldreach/outbox';
import { createCaughtMessageUseCases } from './domain/caught-message-use-cases';
import { createDeliveryUseCases } from './domain/delivery-use-cases';
import { createMailboxUseCases } from './domain/mailbox-use-cases';
import { createSuppressionUseCases } from './domain/suppression-use-cases';
import { startCampaignEventsConsumer } from './events/campaign-events-consumer';
import { startEmailCommandsConsumer } from './events/email-commands-consumer';
import { createClientServiceDirectory } from './grpc/client-service-directory';
import { createEmailServiceHandlers } from './grpc/email-service-handlers';
import { createInboundServiceHandlers } from './grpc/inbound-service-handlers';
import { startInboxReaders, type InboxReaders, type InboxReadersOptions } from './inbound/inbox-readers';
import { createInboundUseCases } from './inbound/inbound-use-cases';
import { createInProcessAddressFence, createPostgresAddressFence } from './ledger/store/address-fence';
import { createCaughtMessageStore } from './persistence/caught-message-store';
import { createDeliveryStore } from './ledger/store/delivery-store';
import { watchDeliveryLedger } from './ledger/store/ledger-metrics';
import { createMailboxStore } from './persistence/mailbox-store';
import { createSmtpUrlCipher } from './persistence/smtp-url-cipher';
import { createSuppressionStore } from './persistence/suppression-store';
import type { DeliveryWorkers, DeliveryWorkersOptions } from './sending/delivery-workers';
import type { SendLimiter } from './sending/send-limiter';
import type { ConnectionBudget } from './sending/connection-budget';
import { createSmtpTransports, type SmtpSettings } from './sending/smtp-transports';
import { createTrackingStore } from './tracking/tracking-store';
import { createTrackingUseCases } from './tracking/tracking-use-cases';
import { workspaceShardIndex } from './email-database';
import { routeByWorkspace, tokenWorkspaces } from './grpc/route-by-workspace';
import { startShardedDeliveryWorkers } from './sending/sharded-delivery-workers';
import { createNodemailerSmtpProbe, type SmtpProbeOptions } from './smtp-probe/nodemailer-smtp-probe';

/** The inbox readers' settings (see InboxReadersOptions) and the IMAP connections'. */
export type InboundTuning = Partial<
  Pick<InboxReadersOptions, 'pollIntervalMs' | 'leaseMs' | 'pageSize' | 'softBounceThreshold'>
> & {
  /** Tests only: a CA to trust besides the system's (a loopback IMAP server's). */
  extraImapCa?: string;
  /** IMAP connect, greeting and socket timeouts. Default 30 s. */
  imapTimeoutMs?: number;
};

/** Worker settings passed through to the delivery workers and their SMTP transports (leases, timeouts, …). */
export type EmailWorkerTuning = Partial<
  Omit<
    DeliveryWorkersOptions,
    'dataSource' | 'fence' | 'limiter' | 'logger' | 'transports' | 'publicBaseUrl' | 'unsubscribeSecret'
  >
> & { smtp?: Partial<SmtpSettings> };

export interface EmailServiceOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is in the returned url. */
  port: number;
  /**
   * The email shards (see openEmailShards), routed by workspace; opened and migrated by the caller,
   * who closes them after stop(). Or `dataSource`: one database, a single shard.
   */
  shards?: ShardSet;
  dataSource?: DataSource;
  /** Closed by the caller after stop(). */
  bus: EventBus;
  /** ClientService, for SendEmail's recipient (called with a deadline). */
  clients: RpcClient<typeof ClientService>;
  logger: Logger;
  /** 32 bytes: seals the mailboxes' SMTP URLs. */
  credentialsKey: Uint8Array;
  /** Unsubscribe-link secrets: the first signs, all verify (rotation). */
  unsubscribeSecrets: UnsubscribeTokenSecret[];
  /** Where the gateway serves `/unsubscribe/:token`, e.g. `https://reach.example.com`. */
  publicBaseUrl: string;
  /** The transport of mailboxes without their own SMTP URL; none: the catcher keeps their emails. */
  defaultSmtpUrl?: string;
  /**
   * SMTP_ALLOWED_PRIVATE_CIDRS: the internal ranges mailboxes' SMTP URLs may point at (loopback
   * included). Default none: only public addresses. The operator's defaultSmtpUrl is not checked.
   */
  smtpAllowedPrivateCidrs?: readonly AllowedCidr[];
  /** Resolves SMTP hosts; the system resolver by default (tests inject a table). */
  smtpResolver?: HostResolver;
  limiter: SendLimiter;
  /** Where each mailbox's SMTP connections are counted over every worker; default this process alone. */
  connectionBudget?: ConnectionBudget;
  /** One process with PGlite: in-process address fence; otherwise PostgreSQL advisory locks. */
  embedded: boolean;
  /** What this process runs: the gRPC API, the delivery workers (with the consumers), or both. */
  roles?: { api: boolean; workers: boolean };
  worker?: EmailWorkerTuning;
  relayPollIntervalMs?: number;
  /** TestMailbox's timeouts. */
  smtpProbe?: SmtpProbeOptions;
  /** GetClient's deadline. Default 3 s. */
  clientTimeoutMs?: number;
  /** Reading the mailboxes' inboxes (replies, bounces, complaints). */
  inbound?: InboundTuning;
}

export interface RunningEmailService {
  /** The gRPC URL when the API runs. */
  url?: string;
  health?: HealthRegistry;
  /** Stops the gRPC server, then the consumers, the workers and the relay; not the bus or the database. */
  stop(): Promise<void>;
}

const minimumSecretBytes = 32;
/** Named in refusals, so an operator knows what to set. */
export const smtpAllowListName = 'SMTP_ALLOWED_PRIVATE_CIDRS';

export const emailTopics = [
  { name: topics.emailCommands, partitions: 12 },
  { name: topics.emailEvents, partitions: 6 },
  { name: topics.campaignsEvents, partitions: 6 },
];

/**
 * Runs the Email service in this process: EmailService over gRPC, the delivery workers, the
 * `email.commands` and `campaigns.events` consumers, and the outbox relay of `email.events`.
 */
export async function startEmailService(options: EmailServiceOptions): Promise<RunningEmailService> {
  const roles = options.roles ?? { api: true, workers: true };
  const { bus, logger } = options;
  const shards = emailShardsOf(options);
  const [signingSecret] = options.unsubscribeSecrets;
  if (signingSecret === undefined) throw new Error('at least one unsubscribe secret is required');
  if (options.unsubscribeSecrets.some((secret) => Buffer.byteLength(secret) < minimumSecretBytes))
    throw new Error(`unsubscribe secrets must be at least ${minimumSecretBytes} bytes each`);
  const cipher = createSmtpUrlCipher(options.credentialsKey);
  const smtpGuard = createOutboundGuard({
    allowedCidrs: options.smtpAllowedPrivateCidrs ?? [],
    allowListName: smtpAllowListName,
    resolver: options.smtpResolver,
  });
  // One fence per shard for the API's suppressions and the workers' sends (an address of a workspace
  // is on one shard): in embedded mode both are in this process.
  const shardParts = shards.shards.map((dataSource) => ({
    dataSource,
    fence: options.embedded
      ? createInProcessAddressFence(dataSource)
      : createPostgresAddressFence(dataSource),
    mailboxStore: createMailboxStore(dataSource, cipher),
  }));
  await bus.ensureTopics(emailTopics);

  const inbound = options.inbound ?? {};
  // IMAP hosts go through the same guard and allow-list as the mailboxes' SMTP hosts.
  const imap = { guard: smtpGuard, extraCa: inbound.extraImapCa, timeoutMs: inbound.imapTimeoutMs };
  let workers: DeliveryWorkers | undefined;
  const readers: InboxReaders[] = [];
  const subscriptions: Subscription[] = [];
  let relay: OutboxRelay | undefined;
  let server: GrpcServer | undefined;
  const stop = async () => {
    // Not ready, no new calls; then no new deliveries; then no new sends; then publish the rest.
    await server?.close();
    for (const subscription of subscriptions.splice(0)) await subscription.close();
    await workers?.stop();
    await Promise.all(readers.splice(0).map((reader) => reader.stop()));
    await relay?.stop();
  };

  await startOrCleanUp(
    async () => {
      if (roles.workers) {
        const { workerId = `${hostname()}-${process.pid}`, smtp, ...tuning } = options.worker ?? {};
        // The SMTP side of the workers: one pool per mailbox on a thread of its own (smtp-thread.ts).
        const transports = createSmtpTransports({
          cipher,
          defaultSmtpUrl: options.defaultSmtpUrl,
          guard: smtpGuard,
          settings: smtp,
          connectionBudget: options.connectionBudget,
          logger: logger.child({ component: 'delivery-workers', workerId }),
        });
        workers = startShardedDeliveryWorkers({
          ...tuning,
          shards: shardParts,
          limiter: options.limiter,
          logger,
          workerId,
          transports,
          publicBaseUrl: options.publicBaseUrl,
          unsubscribeSecret: signingSecret,
        });
        const wakeWorkers = () => workers?.wake();
        subscriptions.push(await startEmailCommandsConsumer({ shards, bus, logger, wakeWorkers }));
        subscriptions.push(await startCampaignEventsConsumer({ shards, bus, logger }));
        // A mailbox's replies match its own workspace's deliveries: each shard's readers stay on it.
        for (const { dataSource } of shardParts)
          readers.push(
            startInboxReaders({
              dataSource,
              cipher,
              imap,
              logger,
              workerId,
              pollIntervalMs: inbound.pollIntervalMs,
              leaseMs: inbound.leaseMs,
              pageSize: inbound.pageSize,
              softBounceThreshold: inbound.softBounceThreshold,
            }),
          );
      }
      // One relay publishing every shard's outbox.
      relay = startOutboxRelay({
        shards: shards.shards,
        bus,
        logger,
        service: EmailService.typeName,
        pollIntervalMs: options.relayPollIntervalMs,
      });
      watchDeliveryLedger(shards.shards);

      if (roles.api) {
        const shardOf = (workspaceId: string) => workspaceShardIndex(shards, workspaceId);
        const probe = createNodemailerSmtpProbe(options.smtpProbe);
        const clients = createClientServiceDirectory(options.clients, { timeoutMs: options.clientTimeoutMs });
        const handlers = routeByWorkspace(
          shardParts.map(({ dataSource, fence, mailboxStore }) =>
            createEmailServiceHandlers({
              mailboxes: createMailboxUseCases({
                store: mailboxStore,
                probe,
                guard: smtpGuard,
                defaultSmtpUrl: options.defaultSmtpUrl,
              }),
              deliveries: createDeliveryUseCases({
                store: createDeliveryStore(dataSource),
                clients,
                wakeWorkers: () => workers?.wake(),
              }),
              suppressions: createSuppressionUseCases({
                store: createSuppressionStore(dataSource, fence),
                unsubscribeSecrets: options.unsubscribeSecrets,
              }),
              caughtMessages: createCaughtMessageUseCases(createCaughtMessageStore(dataSource)),
              tracking: createTrackingUseCases({
                store: createTrackingStore(dataSource),
                secrets: options.unsubscribeSecrets,
              }),
            }),
          ),
          shardOf,
          tokenWorkspaces(options.unsubscribeSecrets),
        );
        const inboundHandlers = routeByWorkspace(
          shardParts.map(({ dataSource, mailboxStore }) =>
            createInboundServiceHandlers(
              createInboundUseCases({
                dataSource,
                mailboxes: mailboxStore,
                imap,
                embedded: options.embedded,
                softBounceThreshold: inbound.softBounceThreshold ?? 3,
              }),
            ),
          ),
          shardOf,
        );
        server = await startGrpcServer({
          host: options.host,
          port: options.port,
          logger,
          routes: (router) =>
            router.service(EmailService, handlers).service(InboundMailService, inboundHandlers),
        });
        server.health.set(EmailService.typeName, ServingStatus.SERVING);
        server.health.set(InboundMailService.typeName, ServingStatus.SERVING);
      }
    },
    stop,
    logger,
  );
  return { url: server?.url, health: server?.health, stop };
}

function emailShardsOf(options: EmailServiceOptions): ShardSet {
  if (options.shards && options.dataSource)
    throw new Error('give the email service shards or a dataSource, not both');
  if (options.shards) return options.shards;
  if (options.dataSource) return singleShardSet(options.dataSource);
  throw new Error('the email service needs its shards (or one dataSource)');
}
