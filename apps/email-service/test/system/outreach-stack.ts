// Test support: the whole outreach path in connected mode inside one test process — the gateway,
// the Client service and the Email service (two PostgreSQL shards each), the Campaign service (its
// own PostgreSQL database), a real Kafka broker (a random namespace, so runs never share topics), Redis for the
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
  createTeardown,
  createTestDatabase,
  createTestDatabases,
  randomName,
  serveForTest,
  testKafkaBrokers,
  testRedisUrl,
} from '@coldreach/testing';
import { campaignTopics } from '@coldreach/campaign-service';
import {
  createRedisSendLimiter,
  emailTopics,
  openEmailShards,
  startEmailService,
  workspaceShard,
} from '../../src/index';
import { loopbackSmtpCidrs } from '../ledger-fixtures';

export interface OutreachStack {
  app: FastifyInstance;
  apiKey: string;
  workspaceId: string;
  clients: Client<typeof ClientService>;
  campaigns: Client<typeof CampaignService>;
  email: Client<typeof EmailService>;
  /** The email shard of the stack's workspace. */
  emailDb: DataSource;
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
  const teardown = createTeardown();
  try {
    const logger = createLogger({ name: 'outreach-stack', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const shardDatabases = await createTestDatabases(2, 'cr_sys_shard');
    const emailDatabases = await createTestDatabases(2, 'cr_sys_email');
    const [campaignDatabase, gatewayDatabase] = await Promise.all([
      createTestDatabase('cr_sys_campaigns'),
      createTestDatabase('cr_sys_gateway'),
    ]);
    const databases = [...shardDatabases, ...emailDatabases, campaignDatabase, gatewayDatabase];
    teardown.add(async () => void (await Promise.all(databases.map((db) => db.drop()))));

    const namespace = randomName('sys');
    const bus = createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: namespace,
      namespace,
      logger,
      retryBackoffMs: 200,
    });
    teardown.add(() => bus.close());
    await bus.ensureTopics([
      { name: topics.clientsEvents, partitions: 6 },
      ...campaignTopics,
      ...emailTopics,
    ]);

    const shards = await openClientShards(
      shardDatabases.map(({ url }) => ({ url })),
      { migrate: true },
    );
    teardown.add(() => shards.close());
    const clientRelay = startClientEventRelay({ shards, bus, logger });
    teardown.add(() => clientRelay.stop());
    const clients = await serveForTest(teardown, ClientService, (address) =>
      startClientService({ ...address, shards, logger }),
    );

    const redis = createRedisClient(testRedisUrl);
    teardown.add(() => closeRedisClient(redis));
    const emailShards = await openEmailShards(
      emailDatabases.map(({ url }) => ({ url })),
      { migrate: true, poolSize: 20 },
    );
    teardown.add(() => emailShards.close());
    const emailService = await startEmailService({
      host: '127.0.0.1',
      port: 0,
      shards: emailShards,
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
    teardown.add(() => emailService.stop());
    const email = createGrpcClient(EmailService, { baseUrl: emailService.url ?? '', timeoutMs: 20_000 });

    const campaignDb = await openCampaignDatabase({ url: campaignDatabase.url }, { migrate: true });
    teardown.add(() => campaignDb.destroy());
    const campaigns = await serveForTest(teardown, CampaignService, (address) =>
      startCampaignService({ ...address, dataSource: campaignDb, clients, email, logger }),
    );
    const campaignWorkers = await startCampaignWorkers({
      dataSource: campaignDb,
      bus,
      clients,
      logger,
      schedulerIntervalMs: options.schedulerIntervalMs ?? 100,
      relayPollIntervalMs: 20,
    });
    teardown.add(() => campaignWorkers.stop());

    const gatewayDb = await openDataSource({
      location: { url: gatewayDatabase.url },
      entities: [...tenancyEntities, ...idempotencyEntities],
      migrations: [...tenancyMigrations, ...idempotencyMigrations],
      migrate: true,
    });
    teardown.add(() => gatewayDb.destroy());
    const tenancy = createTenancyStore(gatewayDb);
    const rateLimiter = createMemoryRateLimiter({ limit: 1_000_000, windowSeconds: 60 });
    teardown.add(async () => rateLimiter.close());
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
    teardown.add(() => app.close());
    const workspace = await tenancy.createWorkspace(randomName('workspace'));
    const { key } = await tenancy.createApiKey(workspace.id, 'system test');

    return {
      app,
      apiKey: key,
      workspaceId: workspace.id,
      clients,
      campaigns,
      email,
      emailDb: workspaceShard(emailShards, workspace.id),
      campaignDb,
      bus,
      call: (method, url, body, headers = {}) =>
        app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${key}`, ...headers },
          ...(body === undefined ? {} : { payload: body as object }),
        }),
      stop: teardown.close,
    };
  } catch (error) {
    await teardown.close();
    throw error;
  }
}
