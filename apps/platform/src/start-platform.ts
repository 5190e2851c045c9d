import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import {
  AnalyticsService,
  CampaignService,
  ClientService,
  EmailService,
  InboundMailService,
  ScraperService,
  VerificationService,
  topics,
} from '@coldreach/contracts';
import { openDataSource, openPgliteHost } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { buildAccounts, buildGatewayApp, createMemorySessionBackend } from '@coldreach/gateway';
import {
  openClientShards,
  startClientEventRelay,
  startClientService,
  startEmailEventsConsumer,
  startScrapeEventsConsumer,
} from '@coldreach/client-service';
import {
  openAnalyticsDatabase,
  startAnalyticsEventsConsumer,
  startAnalyticsService,
} from '@coldreach/analytics-service';
import {
  campaignTopics,
  openCampaignShards,
  startCampaignService,
  startCampaignWorkers,
} from '@coldreach/campaign-service';
import {
  createMemorySendLimiter,
  emailTopics,
  openEmailShards,
  startEmailService,
} from '@coldreach/email-service';
import { createIdempotencyStore, idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { createInProcessEventBus } from '@coldreach/events';
import { createLogger, type ErrorReporter } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import {
  createInMemoryHostGate,
  openScraperDatabase,
  scraperTopics,
  startScraperService,
} from '@coldreach/scraper-service';
import {
  cacheApiKeys,
  createTenancyStore,
  createUserStore,
  generatePassword,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
  type UserStore,
} from '@coldreach/tenancy';
import type { PlatformConfig } from './config';
import {
  campaignShardSchemas,
  checkCampaignShardLayout,
  checkShardLayout,
  dataDirPaths,
  loadOrCreateSecrets,
  lockDataDir,
} from './data-dir';
import { checkEmailShardLayout, emailShardSchemas } from './email-shard-layout';

/**
 * The deadline of a call between two services of this process. Connected mode's 5 s is there to give
 * up on a peer that is gone; here no peer can be gone while the caller runs, and what a call waits
 * for is the one event loop and the one PGlite connection every service shares (a garbage
 * collection, another service's transaction, a busy laptop), so it waits longer before failing.
 */
const inProcessTimeoutMs = 30_000;

export interface RunningPlatform {
  gatewayUrl: string;
  clientServiceUrl: string;
  campaignServiceUrl: string;
  emailServiceUrl: string;
  scraperServiceUrl: string;
  analyticsServiceUrl: string;
  /** Set on the first run only: the key was just created and is shown once. */
  newApiKey?: string;
  apiKeyFile: string;
  /** Set when the first user was just created: its password is shown once (and kept in the file). */
  newAdmin?: { email: string; password: string };
  adminPasswordFile: string;
  /** Ordered shutdown: gateway → services → databases. */
  stop(): Promise<void>;
}

/** Where the services' log lines go (default stdout) and where their errors are reported. */
export interface PlatformLogging {
  destination?: { write(line: string): void };
  errorReporter?: ErrorReporter;
}

/**
 * Embedded mode: every service in this process, on loopback, with real gRPC between them and
 * PGlite (one schema per service and shard) under the data directory.
 */
export async function startPlatform(
  config: PlatformConfig,
  logging: PlatformLogging = {},
): Promise<RunningPlatform> {
  // One logger per service, as each would have on its own in connected mode.
  const serviceLogger = (name: string) => createLogger({ name, level: config.logLevel, ...logging });
  const paths = dataDirPaths(config.dataDir);
  const unlock = lockDataDir(config.dataDir);
  const closers: Array<() => Promise<void> | void> = [unlock];
  const stop = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const newDataDir = !existsSync(paths.layoutFile);
    checkShardLayout(config.dataDir, config.clientShards);
    checkCampaignShardLayout(config.dataDir, config.campaignShards, newDataDir);
    checkEmailShardLayout(config.dataDir, config.emailShards, newDataDir);
    const pglite = await openPgliteHost(paths.pglite);
    closers.push(() => pglite.close());

    const gatewayDb = await openDataSource({
      location: { pglite, schema: 'gateway' },
      entities: [...tenancyEntities, ...idempotencyEntities],
      migrations: [...tenancyMigrations, ...idempotencyMigrations],
      migrate: true,
    });
    closers.push(() => gatewayDb.destroy());
    // Verified keys cached as the connected gateway does (API_KEY_CACHE_SECONDS' default): every
    // revocation goes through this process (the data dir is locked to it), so it takes effect at once.
    const tenancy = cacheApiKeys(createTenancyStore(gatewayDb), { ttlMs: 5_000 });
    const users = createUserStore(gatewayDb);

    const shardLocations = Array.from({ length: config.clientShards }, (_, i) => ({
      pglite,
      schema: `client_shard_${i}`,
    }));
    // One process, and resharding is refused in embedded mode: nothing else changes the bucket
    // maps, so no service polls them (each poll would queue on the one PGlite connection).
    const shards = await openClientShards(shardLocations, { migrate: true, mapPollMs: 0 });
    closers.push(() => shards.close());

    // Embedded mode's event bus: in-process, with Kafka's semantics (see libs/events). The services'
    // groups join one after another while their relays already publish what a crash left behind:
    // nothing is dropped until every group has joined (bus.started() below).
    const bus = createInProcessEventBus({ holdUntilStarted: true });
    closers.push(() => bus.close());
    await bus.ensureTopics([
      { name: topics.clientsEvents, partitions: 6 },
      ...campaignTopics,
      ...emailTopics,
      ...scraperTopics,
    ]);
    // Stopped after the client service (no more writes), before the bus and the shards.
    const relay = startClientEventRelay({ shards, bus, logger: serviceLogger('client-service') });
    closers.push(() => relay.stop());

    const clientService = await startClientService({
      host: config.host,
      port: config.servicesBasePort,
      shards,
      logger: serviceLogger('client-service'),
    });
    closers.push(() => clientService.close());
    // Scraped contacts become leads (scrape.events → the client shards); closed before the service.
    const scrapeEvents = await startScrapeEventsConsumer({
      shards,
      bus,
      logger: serviceLogger('client-service'),
    });
    closers.push(() => scrapeEvents.close());
    // Hard bounces mark leads invalid (email.events → the client shards).
    const emailEvents = await startEmailEventsConsumer({
      shards,
      bus,
      logger: serviceLogger('client-service'),
    });
    closers.push(() => emailEvents.close());

    const clients = createGrpcClient(ClientService, {
      baseUrl: clientService.url,
      timeoutMs: inProcessTimeoutMs,
    });
    // Consecutive ports from the base; a base of 0 lets every service pick a free one (tests).
    const servicePort = (offset: number) =>
      config.servicesBasePort === 0 ? 0 : config.servicesBasePort + offset;

    const emailShards = await openEmailShards(
      emailShardSchemas(config.emailShards).map((schema) => ({ pglite, schema })),
      { migrate: true, mapPollMs: 0 },
    );
    closers.push(() => emailShards.close());
    const secrets = loadOrCreateSecrets(config.dataDir);
    // Emails link back to the gateway (unsubscribe, tracking), so its port must be known before it
    // listens: PORT=0 picks a free one now instead of letting listen() pick it later.
    const gatewayPort = config.port === 0 ? await freePort(config.host) : config.port;
    const gatewayUrl = `http://${config.host}:${gatewayPort}`;
    const emailService = await startEmailService({
      host: config.host,
      port: servicePort(2),
      shards: emailShards,
      bus,
      clients,
      logger: serviceLogger('email-service'),
      credentialsKey: secrets.credentialsKey,
      unsubscribeSecrets: [secrets.unsubscribeSecret],
      publicBaseUrl: gatewayUrl,
      defaultSmtpUrl: config.smtpUrl,
      smtpAllowedPrivateCidrs: config.smtpAllowedPrivateCidrs,
      limiter: createMemorySendLimiter(),
      embedded: true,
    });
    closers.push(() => emailService.stop());
    const emailServiceUrl = emailService.url ?? '';
    const email = createGrpcClient(EmailService, { baseUrl: emailServiceUrl, timeoutMs: inProcessTimeoutMs });

    const campaignShards = await openCampaignShards(
      campaignShardSchemas(config.campaignShards).map((schema) => ({ pglite, schema })),
      { migrate: true, mapPollMs: 0 },
    );
    closers.push(() => campaignShards.close());
    const campaignService = await startCampaignService({
      host: config.host,
      port: servicePort(1),
      shards: campaignShards,
      clients,
      email,
      logger: serviceLogger('campaign-service'),
    });
    closers.push(() => campaignService.close());
    const campaignWorkers = await startCampaignWorkers({
      shards: campaignShards,
      bus,
      clients,
      logger: serviceLogger('campaign-service'),
    });
    closers.push(() => campaignWorkers.stop());

    const scraperDb = await openScraperDatabase({ pglite, schema: 'scraper' }, { migrate: true });
    closers.push(() => scraperDb.destroy());
    const scraperService = await startScraperService({
      host: config.host,
      port: servicePort(3),
      dataSource: scraperDb,
      bus,
      logger: serviceLogger('scraper-service'),
      // One process: the per-host politeness is kept in memory.
      gate: createInMemoryHostGate({ perHostConcurrency: config.crawl.hostConcurrency }),
      crawl: config.crawl,
      quotas: config.quotas,
      verification: { settings: config.verification, clients },
      workerId: 'embedded',
    });
    closers.push(() => scraperService.stop());
    const scraperServiceUrl = scraperService.url ?? '';

    // Analytics reads every event topic: the in-process bus's topics all have a reader now.
    const analyticsDb = await openAnalyticsDatabase(
      { pglite, schema: 'analytics_service' },
      { migrate: true },
    );
    closers.push(() => analyticsDb.destroy());
    const analyticsService = await startAnalyticsService({
      host: config.host,
      port: servicePort(4),
      dataSource: analyticsDb,
      logger: serviceLogger('analytics-service'),
    });
    closers.push(() => analyticsService.close());
    const analyticsEvents = await startAnalyticsEventsConsumer({
      dataSource: analyticsDb,
      bus,
      logger: serviceLogger('analytics-service'),
    });
    closers.push(() => analyticsEvents.close());

    // Every group has joined: from now on what all of them consumed may go.
    bus.started();

    const services = [
      ['client-service', clientService.url],
      ['campaign-service', campaignService.url],
      ['email-service', emailServiceUrl],
      ['scraper-service', scraperServiceUrl],
      ['analytics-service', analyticsService.url],
    ] as const;
    const rateLimiter = createMemoryRateLimiter({ limit: config.rateLimitPerMinute, windowSeconds: 60 });
    const workspaceRateLimiter = createMemoryRateLimiter({
      limit: config.rateLimitWorkspacePerMinute,
      windowSeconds: 60,
    });
    const publicRateLimiter = createMemoryRateLimiter({
      limit: config.rateLimitPublicPerMinute,
      windowSeconds: 60,
    });
    const trackingRateLimiter = createMemoryRateLimiter({
      limit: config.rateLimitTrackingPerMinute,
      windowSeconds: 60,
    });
    // One process: sessions and the sign-in budgets in memory (a restart signs everyone out).
    const accounts = buildAccounts({
      users,
      backend: createMemorySessionBackend(),
      settings: config.accounts,
      limiter: (_name, limit, windowSeconds) => createMemoryRateLimiter({ limit, windowSeconds }),
    });
    closers.push(
      () => accounts.signInPerAccount.close(),
      () => accounts.signInPerAddress.close(),
      () => rateLimiter.close(),
      () => workspaceRateLimiter.close(),
      () => publicRateLimiter.close(),
      () => trackingRateLimiter.close(),
    );
    const gateway = await buildGatewayApp({
      logger: serviceLogger('gateway'),
      tenancy,
      accounts,
      rateLimiter,
      workspaceRateLimiter,
      publicRateLimiter,
      trackingRateLimiter,
      clients,
      campaigns: createGrpcClient(CampaignService, {
        baseUrl: campaignService.url,
        timeoutMs: inProcessTimeoutMs,
      }),
      email,
      // Served by the Email service's process: replies, the IMAP tests and simulate-reply (local mode).
      inbound: createGrpcClient(InboundMailService, {
        baseUrl: emailServiceUrl,
        timeoutMs: inProcessTimeoutMs,
      }),
      scraper: createGrpcClient(ScraperService, {
        baseUrl: scraperServiceUrl,
        timeoutMs: inProcessTimeoutMs,
      }),
      // A check that asks a slow mail server waits for it (the probe's own timeouts bound it).
      verification: createGrpcClient(VerificationService, { baseUrl: scraperServiceUrl, timeoutMs: 90_000 }),
      analytics: createGrpcClient(AnalyticsService, {
        baseUrl: analyticsService.url,
        timeoutMs: inProcessTimeoutMs,
      }),
      idempotency: createIdempotencyStore(gatewayDb),
      // The dashboard as `npm start` built it (scripts/build-web.mjs); not built: the API only.
      webRoot: config.webRoot ?? resolve(__dirname, '../../web/dist'),
      readinessChecks: [
        { name: 'postgres', check: () => tenancy.ping(), required: true },
        ...services.map(([name, url]) => ({
          name,
          check: async () => {
            if (!(await checkGrpcHealth(url))) throw new Error(`${name} not serving`);
          },
        })),
      ],
    });
    closers.push(() => gateway.close());
    await gateway.listen({ host: config.host, port: gatewayPort });
    const address = gateway.server.address();
    const port = typeof address === 'object' && address ? address.port : gatewayPort;

    const newApiKey = await ensureFirstWorkspace(tenancy, paths.apiKeyFile);
    const newAdmin = await ensureFirstUser(tenancy, users, config.adminEmail, paths.adminPasswordFile);
    return {
      gatewayUrl: `http://${config.host}:${port}`,
      clientServiceUrl: clientService.url,
      campaignServiceUrl: campaignService.url,
      emailServiceUrl,
      scraperServiceUrl,
      analyticsServiceUrl: analyticsService.url,
      newApiKey,
      apiKeyFile: paths.apiKeyFile,
      newAdmin,
      adminPasswordFile: paths.adminPasswordFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
/** The first run creates a workspace and its first API key, and keeps the key for the user. */
async function ensureFirstWorkspace(tenancy: TenancyStore, apiKeyFile: string): Promise<string | undefined> {
  if ((await tenancy.listWorkspaces()).length > 0) return undefined;
  const workspace = await tenancy.createWorkspace('My workspace');
  const { key } = await tenancy.createApiKey(workspace.id, 'embedded default key');
  writeFileSync(apiKeyFile, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * The first start also creates the first user, owner of the first workspace, with a generated
 * password shown once and kept for the user. A data directory from before users existed (a
 * workspace, no user) gets one on its next start.
 */
async function ensureFirstUser(
  tenancy: TenancyStore,
  users: UserStore,
  email: string,
  passwordFile: string,
): Promise<{ email: string; password: string } | undefined> {
  if ((await users.countUsers()) > 0) return undefined;
  const [workspace] = await tenancy.listWorkspaces();
  if (!workspace) return undefined;
  const password = generatePassword();
  const user = await users.createUser(email, password);
  await users.addMembership(user.id, workspace.id, 'owner');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return { email: user.email, password };
}

/** A port free on `host` right now (the OS picks it). */
function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
