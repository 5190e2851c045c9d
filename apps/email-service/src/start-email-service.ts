import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { Client as RpcClient } from '@connectrpc/connect';
import { EmailService, InboundMailService, topics, type ClientService } from '@coldreach/contracts';
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
import {
  startDeliveryWorkers,
  type DeliveryWorkers,
  type DeliveryWorkersOptions,
} from './sending/delivery-workers';
import type { SendLimiter } from './sending/send-limiter';
import { createSmtpTransports, type SmtpSettings } from './sending/smtp-transports';
import { createTrackingStore } from './tracking/tracking-store';
import { createTrackingUseCases } from './tracking/tracking-use-cases';
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
  /** Opened and migrated by the caller (see openEmailDatabase), who closes it after stop(). */
  dataSource: DataSource;
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
  const { dataSource, bus, logger } = options;
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
  // One fence for the API's suppressions and the workers' sends: in embedded mode both are here.
  const fence = options.embedded
    ? createInProcessAddressFence(dataSource)
    : createPostgresAddressFence(dataSource);
  await bus.ensureTopics(emailTopics);

  const inbound = options.inbound ?? {};
  // IMAP hosts go through the same guard and allow-list as the mailboxes' SMTP hosts.
  const imap = { guard: smtpGuard, extraCa: inbound.extraImapCa, timeoutMs: inbound.imapTimeoutMs };
  const mailboxStore = createMailboxStore(dataSource, cipher);
  let workers: DeliveryWorkers | undefined;
  let readers: InboxReaders | undefined;
  const subscriptions: Subscription[] = [];
  let relay: OutboxRelay | undefined;
  let server: GrpcServer | undefined;
  const stop = async () => {
    // Not ready, no new calls; then no new deliveries; then no new sends; then publish the rest.
    await server?.close();
    for (const subscription of subscriptions.splice(0)) await subscription.close();
    await workers?.stop();
    await readers?.stop();
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
          logger: logger.child({ component: 'delivery-workers', workerId }),
        });
        workers = startDeliveryWorkers({
          ...tuning,
          dataSource,
          fence,
          limiter: options.limiter,
          logger,
          workerId,
          transports,
          publicBaseUrl: options.publicBaseUrl,
          unsubscribeSecret: signingSecret,
        });
        const wakeWorkers = () => workers?.wake();
        subscriptions.push(await startEmailCommandsConsumer({ dataSource, bus, logger, wakeWorkers }));
        subscriptions.push(await startCampaignEventsConsumer({ dataSource, bus, logger }));
        readers = startInboxReaders({
          dataSource,
          cipher,
          imap,
          logger,
          workerId,
          pollIntervalMs: inbound.pollIntervalMs,
          leaseMs: inbound.leaseMs,
          pageSize: inbound.pageSize,
          softBounceThreshold: inbound.softBounceThreshold,
        });
      }
      relay = startOutboxRelay({
        shards: [dataSource],
        bus,
        logger,
        service: EmailService.typeName,
        pollIntervalMs: options.relayPollIntervalMs,
      });
      watchDeliveryLedger(dataSource);

      if (roles.api) {
        const handlers = createEmailServiceHandlers({
          mailboxes: createMailboxUseCases({
            store: mailboxStore,
            probe: createNodemailerSmtpProbe(options.smtpProbe),
            guard: smtpGuard,
            defaultSmtpUrl: options.defaultSmtpUrl,
          }),
          deliveries: createDeliveryUseCases({
            store: createDeliveryStore(dataSource),
            clients: createClientServiceDirectory(options.clients, { timeoutMs: options.clientTimeoutMs }),
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
        });
        const inboundHandlers = createInboundServiceHandlers(
          createInboundUseCases({
            dataSource,
            mailboxes: mailboxStore,
            imap,
            embedded: options.embedded,
            softBounceThreshold: inbound.softBounceThreshold ?? 3,
          }),
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
