// Test support: the whole outreach path in connected mode inside one test process — the gateway,
// the Client service (two PostgreSQL shards), the Campaign and Email services (their own PostgreSQL
// databases), a real Kafka broker (a random namespace, so runs never share topics), Redis for the
// send limits, and the Email service sending over real SMTP to whatever URL the mailboxes name.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Client } from '@connectrpc/connect';
import {
  openCampaignDatabase,
  startCampaignService,
  startCampaignWorkers,
} from '@coldreach/campaign-service';
import { openClientShards, startClientEventRelay, startClientService } from '@coldreach/client-service';
import { CampaignService, ClientService, EmailService, topics } from '@coldreach/contracts';
import { openDataSource } from '@coldreach/db';
import { createKafkaEventBus, type EventBus } from '@coldreach/events';
import { buildGatewayApp } from '@coldreach/gateway';
import { createGrpcClient } from '@coldreach/grpc';
import { createIdempotencyStore, idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { createLogger } from '@coldreach/observability';
import { closeRedisClient, createMemoryRateLimiter, createRedisClient } from '@coldreach/rate-limit';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import {
  createTestDatabase,
  createTestDatabases,
  randomName,
  testKafkaBrokers,
  testRedisUrl,
  type TestDatabase,
} from '@coldreach/testing';
import { campaignTopics } from '@coldreach/campaign-service';
import { createRedisSendLimiter, emailTopics, openEmailDatabase, startEmailService } from '../../src/index';
import { loopbackSmtpCidrs } from '../ledger-fixtures';

export interface OutreachStack {
  app: FastifyInstance;
  apiKey: string;
  workspaceId: string;
  clients: Client<typeof ClientService>;
  campaigns: Client<typeof CampaignService>;
  email: Client<typeof EmailService>;
  emailDb: DataSource;
  emailDatabaseUrl: string;
  campaignDb: DataSource;
  bus: EventBus;
  /** A request to the gateway with the workspace's API key. */
  call(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

export interface OutreachStackOptions {
  schedulerIntervalMs?: number;
  workerConcurrency?: number;
}

export async function startOutreachStack(options: OutreachStackOptions = {}): Promise<OutreachStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const databases: TestDatabase[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    await Promise.all(databases.map((db) => db.drop()));
  };
  try {
    const logger = createLogger({ name: 'outreach-stack', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const shardDatabases = await createTestDatabases(2, 'cr_sys_shard');
    const [campaignDatabase, emailDatabase, gatewayDatabase] = await Promise.all([
      createTestDatabase('cr_sys_campaigns'),
      createTestDatabase('cr_sys_email'),
      createTestDatabase('cr_sys_gateway'),
    ]);
    databases.push(...shardDatabases, campaignDatabase, emailDatabase, gatewayDatabase);

    const namespace = randomName('sys');
    const bus = createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: namespace,
      namespace,
      logger,
      retryBackoffMs: 200,
    });
    stops.push(() => bus.close());
    await bus.ensureTopics([
      { name: topics.clientsEvents, partitions: 6 },
      ...campaignTopics,
      ...emailTopics,
    ]);

    const shards = await openClientShards(
      shardDatabases.map(({ url }) => ({ url })),
      { migrate: true },
    );
    stops.push(() => shards.close());
    const clientRelay = startClientEventRelay({ shards, bus, logger });
    stops.push(() => clientRelay.stop());
    const clientServer = await startClientService({ host: '127.0.0.1', port: 0, shards, logger });
    stops.push(() => clientServer.close());
    const clients = createGrpcClient(ClientService, { baseUrl: clientServer.url, timeoutMs: 20_000 });

    const redis = createRedisClient(testRedisUrl);
    stops.push(() => closeRedisClient(redis));
    const emailDb = await openEmailDatabase({ url: emailDatabase.url }, { migrate: true, poolSize: 20 });
    stops.push(() => emailDb.destroy());
    const emailService = await startEmailService({
      host: '127.0.0.1',
      port: 0,
      dataSource: emailDb,
      bus,
      clients,
      logger,
      credentialsKey: randomBytes(32),
      unsubscribeSecrets: [randomBytes(32).toString('hex')],
      publicBaseUrl: 'http://127.0.0.1:8080',
      limiter: createRedisSendLimiter(redis),
      // The mailboxes send to SMTP sinks on loopback.
      smtpAllowedPrivateCidrs: loopbackSmtpCidrs,
      embedded: false,
      relayPollIntervalMs: 20,
      worker: { pollIntervalMs: 50, concurrency: options.workerConcurrency ?? 16 },
    });
    stops.push(() => emailService.stop());
    const email = createGrpcClient(EmailService, { baseUrl: emailService.url ?? '', timeoutMs: 20_000 });

    const campaignDb = await openCampaignDatabase({ url: campaignDatabase.url }, { migrate: true });
    stops.push(() => campaignDb.destroy());
    const campaignServer = await startCampaignService({
      host: '127.0.0.1',
      port: 0,
      dataSource: campaignDb,
      clients,
      email,
      logger,
    });
    stops.push(() => campaignServer.close());
    const campaignWorkers = await startCampaignWorkers({
      dataSource: campaignDb,
      bus,
      clients,
      logger,
      schedulerIntervalMs: options.schedulerIntervalMs ?? 100,
      relayPollIntervalMs: 20,
    });
    stops.push(() => campaignWorkers.stop());
    const campaigns = createGrpcClient(CampaignService, { baseUrl: campaignServer.url, timeoutMs: 20_000 });

    const gatewayDb = await openDataSource({
      location: { url: gatewayDatabase.url },
      entities: [...tenancyEntities, ...idempotencyEntities],
      migrations: [...tenancyMigrations, ...idempotencyMigrations],
      migrate: true,
    });
    stops.push(() => gatewayDb.destroy());
    const tenancy = createTenancyStore(gatewayDb);
    const rateLimiter = createMemoryRateLimiter({ limit: 1_000_000, windowSeconds: 60 });
    stops.push(async () => rateLimiter.close());
    const app = await buildGatewayApp({
      logger,
      tenancy,
      rateLimiter,
      clients,
      campaigns,
      email,
      idempotency: createIdempotencyStore(gatewayDb),
      readinessChecks: [],
    });
    stops.push(() => app.close());
    const workspace = await tenancy.createWorkspace(randomName('workspace'));
    const { key } = await tenancy.createApiKey(workspace.id, 'system test');

    return {
      app,
      apiKey: key,
      workspaceId: workspace.id,
      clients,
      campaigns,
      email,
      emailDb,
      emailDatabaseUrl: emailDatabase.url,
      campaignDb,
      bus,
      call: (method, url, body, headers = {}) =>
        app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${key}`, ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
