import type { FastifyInstance } from 'fastify';
import {
  AnalyticsService,
  CampaignService,
  ClientService,
  EmailService,
  InboundMailService,
  ScraperService,
  VerificationService,
} from '@coldreach/contracts';
import { openDataSource } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createIdempotencyStore, idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { redactUrl, type Logger } from '@coldreach/observability';
import { createRedisClient, createRedisRateLimiter } from '@coldreach/rate-limit';
import {
  cacheApiKeys,
  createTenancyStore,
  createUserStore,
  tenancyEntities,
  tenancyMigrations,
} from '@coldreach/tenancy';
import { buildGatewayApp } from './app';
import { createRedisImportProgressStore } from './import/import-progress';
import { buildAccounts } from './auth/accounts';
import { createRedisSessionBackend } from './auth/session-store';
import type { GatewayConfig } from './config';

export interface RunningGateway {
  app: FastifyInstance;
  /** What to close on shutdown, in order: the HTTP server (draining) → rate limiters → Redis → database. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: the gateway's database (migrated unless
 * told not to), Redis and its rate limiters, the gRPC clients, and the app listening on
 * `host:port`. A failure is logged with what could not start, what was opened is closed, and the
 * error is thrown on.
 */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const opened: Array<() => Promise<unknown>> = [];
  const fail = (what: string, fields: object) => async (error: unknown) => {
    logger.fatal({ err: error, ...fields }, what);
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw error;
  };

  const dataSource = await openDataSource({
    location: { url: config.databaseUrl },
    entities: [...tenancyEntities, ...idempotencyEntities],
    migrations: [...tenancyMigrations, ...idempotencyMigrations],
    migrate: config.migrateOnStart,
  }).catch(fail('could not open the gateway database', { database: redactUrl(config.databaseUrl) }));
  opened.push(() => dataSource.destroy());
  // Verified keys are cached: without it every API call costs a query (see API_KEY_CACHE_SECONDS).
  const tenancy = cacheApiKeys(createTenancyStore(dataSource), { ttlMs: config.apiKeyCacheSeconds * 1000 });
  const redis = createRedisClient(config.redisUrl, {
    onError: (error) => logger.warn({ errorName: error.name }, 'redis connection error'),
    logger,
    dailyCommandBudget: config.redisDailyCommandBudget,
  });
  opened.push(async () => redis.disconnect());
  const limiter = (prefix: string, limit: number, windowSeconds = 60) =>
    createRedisRateLimiter(redis, {
      limit,
      windowSeconds,
      prefix,
      onError: (error) => logger.warn({ errorName: error.name, prefix }, 'rate limiter failed open'),
    });
  const rateLimiter = limiter('coldreach:ratelimit:api', config.rateLimitPerMinute);
  const workspaceRateLimiter = limiter('coldreach:ratelimit:workspace', config.rateLimitWorkspacePerMinute);
  const publicRateLimiter = limiter('coldreach:ratelimit:public', config.rateLimitPublicPerMinute);
  const trackingRateLimiter = limiter('coldreach:ratelimit:tracking', config.rateLimitTrackingPerMinute);
  const accounts = buildAccounts({
    users: createUserStore(dataSource),
    // Sessions live in Redis, shared by every replica.
    backend: createRedisSessionBackend(redis),
    settings: config.accounts,
    limiter: (name, limit, windowSeconds) => limiter(`coldreach:signin:${name}`, limit, windowSeconds),
  });
  const limiters = [
    rateLimiter,
    workspaceRateLimiter,
    publicRateLimiter,
    trackingRateLimiter,
    accounts.signInPerAccount,
    accounts.signInPerAddress,
  ];
  const grpc = { timeoutMs: 10_000 };
  const grpcCheck = (name: string, url: string, service: string) => ({
    name,
    check: async () => {
      if (!(await checkGrpcHealth(url, service))) throw new Error('not serving');
    },
  });

  const app = await buildGatewayApp({
    logger,
    tenancy,
    accounts,
    rateLimiter,
    workspaceRateLimiter,
    publicRateLimiter,
    trackingRateLimiter,
    trustProxy: config.trustProxy,
    hstsMaxAgeSeconds: config.hstsMaxAgeSeconds,
    webRoot: config.webRoot,
    clients: createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl, ...grpc }),
    campaigns: createGrpcClient(CampaignService, { baseUrl: config.campaignServiceUrl, ...grpc }),
    email: createGrpcClient(EmailService, { baseUrl: config.emailServiceUrl, ...grpc }),
    // Served by the Email service's process and gRPC server: its readiness check covers both. An IMAP
    // test may take the service's whole probe budget.
    inbound: createGrpcClient(InboundMailService, { baseUrl: config.emailServiceUrl, timeoutMs: 45_000 }),
    scraper: createGrpcClient(ScraperService, { baseUrl: config.scraperServiceUrl, ...grpc }),
    // Served by the Scraper service's process and gRPC server: its readiness check covers both.
    // A check that asks a slow mail server waits for it (the probe's own timeouts bound it).
    verification: createGrpcClient(VerificationService, {
      baseUrl: config.scraperServiceUrl,
      timeoutMs: 90_000,
    }),
    analytics: createGrpcClient(AnalyticsService, { baseUrl: config.analyticsServiceUrl, ...grpc }),
    idempotency: createIdempotencyStore(dataSource),
    bodyLimitBytes: config.bodyLimitBytes,
    importMaxBytes: config.importMaxBytes,
    importMaxReportedErrors: config.importMaxReportedErrors,
    importProgress: createRedisImportProgressStore(redis),
    metricsToken: config.metricsToken,
    readinessChecks: [
      // Only its own database stops the gateway serving; the rest degrade /ready's detail.
      { name: 'postgres', check: () => tenancy.ping(), required: true },
      { name: 'redis', check: async () => void (await redis.ping()) },
      grpcCheck('client-service', config.clientServiceUrl, ClientService.typeName),
      grpcCheck('campaign-service', config.campaignServiceUrl, CampaignService.typeName),
      grpcCheck('email-service', config.emailServiceUrl, EmailService.typeName),
      grpcCheck('scraper-service', config.scraperServiceUrl, ScraperService.typeName),
      grpcCheck('analytics-service', config.analyticsServiceUrl, AnalyticsService.typeName),
    ],
  }).catch(fail('could not build the gateway', {}));
  await app.listen({ host: config.host, port: config.port }).catch(fail('could not listen', {}));
  return {
    app,
    steps: [
      // Stops accepting, answers 503 to new requests on open connections, lets in-flight ones finish.
      () => app.close(),
      () => Promise.all(limiters.map((l) => l.close())),
      async () => redis.disconnect(),
      () => dataSource.destroy(),
    ],
  };
}
