// Connected mode: the gateway as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { CampaignService, ClientService, EmailService } from '@coldreach/contracts';
import { openDataSource } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createIdempotencyStore, idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { createLogger, redactUrl } from '@coldreach/observability';
import { createRedisClient, createRedisRateLimiter } from '@coldreach/rate-limit';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import { buildGatewayApp } from './app';
import { readGatewayConfig } from './config';

async function main(): Promise<void> {
  const config = readConfigOrExit(readGatewayConfig);
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const databaseUrl = redactUrl(config.GATEWAY_DATABASE_URL);
  const dataSource = await openDataSource({
    location: { url: config.GATEWAY_DATABASE_URL },
    entities: [...tenancyEntities, ...idempotencyEntities],
    migrations: [...tenancyMigrations, ...idempotencyMigrations],
    migrate: config.MIGRATE_ON_START,
  }).catch((error: unknown) => {
    logger.fatal({ err: error, database: databaseUrl }, 'could not open the gateway database');
    process.exit(1);
  });
  const tenancy = createTenancyStore(dataSource);
  const redis = createRedisClient(config.REDIS_URL, {
    onError: (error) => logger.warn({ errorName: error.name }, 'redis connection error'),
  });
  const limiter = (prefix: string, limit: number) =>
    createRedisRateLimiter(redis, {
      limit,
      windowSeconds: 60,
      prefix,
      onError: (error) => logger.warn({ errorName: error.name, prefix }, 'rate limiter failed open'),
    });
  const rateLimiter = limiter('coldreach:ratelimit:api', config.RATE_LIMIT_PER_MINUTE);
  const workspaceRateLimiter = limiter(
    'coldreach:ratelimit:workspace',
    config.RATE_LIMIT_WORKSPACE_PER_MINUTE,
  );
  const publicRateLimiter = limiter('coldreach:ratelimit:public', config.RATE_LIMIT_PUBLIC_PER_MINUTE);
  const clients = createGrpcClient(ClientService, { baseUrl: config.CLIENT_SERVICE_URL, timeoutMs: 10_000 });
  const campaigns = createGrpcClient(CampaignService, {
    baseUrl: config.CAMPAIGN_SERVICE_URL,
    timeoutMs: 10_000,
  });
  const email = createGrpcClient(EmailService, { baseUrl: config.EMAIL_SERVICE_URL, timeoutMs: 10_000 });
  const grpcCheck = (name: string, url: string, service: string) => ({
    name,
    check: async () => {
      if (!(await checkGrpcHealth(url, service))) throw new Error('not serving');
    },
  });

  const app = await buildGatewayApp({
    logger,
    tenancy,
    rateLimiter,
    workspaceRateLimiter,
    publicRateLimiter,
    trustProxy: config.TRUST_PROXY,
    hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS,
    clients,
    campaigns,
    email,
    idempotency: createIdempotencyStore(dataSource),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    importMaxBytes: config.IMPORT_MAX_BYTES,
    importMaxReportedErrors: config.IMPORT_MAX_REPORTED_ERRORS,
    readinessChecks: [
      { name: 'postgres', check: () => tenancy.ping() },
      { name: 'redis', check: async () => void (await redis.ping()) },
      grpcCheck('client-service', config.CLIENT_SERVICE_URL, ClientService.typeName),
      grpcCheck('campaign-service', config.CAMPAIGN_SERVICE_URL, CampaignService.typeName),
      grpcCheck('email-service', config.EMAIL_SERVICE_URL, EmailService.typeName),
    ],
  });

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    logger.fatal({ err: error }, 'could not listen');
    process.exit(1);
  }

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      // Stops accepting, answers 503 to new requests on open connections, lets in-flight ones finish.
      await app.close();
      await Promise.all([rateLimiter, workspaceRateLimiter, publicRateLimiter].map((l) => l.close()));
      redis.disconnect();
      await dataSource.destroy();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
