// The real Campaign and Email services for the gateway's integration specs: each on its own fresh
// PostgreSQL database, serving gRPC on a free port, talking to each other through one in-process
// event bus (as embedded mode does), with the Email service's workers sending to its catcher.
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  openCampaignDatabase,
  startCampaignService,
  startCampaignWorkers,
} from '@coldreach/campaign-service';
import { ClientService, EmailService } from '@coldreach/contracts';
import { createMemorySendLimiter, openEmailDatabase, startEmailService } from '@coldreach/email-service';
import { createInProcessEventBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createTeardown, createTestDatabase, type TestDatabase } from '@coldreach/testing';

export interface OutreachServices {
  campaignUrl: string;
  emailUrl: string;
  campaignDb: DataSource;
  emailDb: DataSource;
  /** The bus between them, to watch the events they publish. */
  bus: EventBus;
  /** Dropped by the caller after stop(). */
  databases: TestDatabase[];
  stop(): Promise<void>;
}

export async function startOutreachServices(options: {
  clientServiceUrl: string;
  unsubscribeSecret: string;
  /** Local mode (embedded): simulated answers may be injected into the mailboxes' inboxes. */
  localMode?: boolean;
}): Promise<OutreachServices> {
  const teardown = createTeardown();
  const databases: TestDatabase[] = [];
  try {
    const [campaignDatabase, emailDatabase] = await Promise.all([
      createTestDatabase('cr_gw_campaigns'),
      createTestDatabase('cr_gw_email'),
    ]);
    databases.push(campaignDatabase, emailDatabase);
    const logger = createLogger({ name: 'outreach-test', level: 'silent' });
    const clients = createGrpcClient(ClientService, { baseUrl: options.clientServiceUrl, timeoutMs: 20_000 });
    const bus = createInProcessEventBus({ retryBackoffMs: 50 });
    teardown.add(() => bus.close());

    const emailDb = await openEmailDatabase({ url: emailDatabase.url }, { migrate: true });
    teardown.add(() => emailDb.destroy());
    const email = await startEmailService({
      host: '127.0.0.1',
      port: 0,
      dataSource: emailDb,
      bus,
      clients,
      logger,
      credentialsKey: randomBytes(32),
      unsubscribeSecrets: [options.unsubscribeSecret],
      publicBaseUrl: 'http://gateway.test',
      limiter: createMemorySendLimiter(),
      embedded: options.localMode ?? false,
      relayPollIntervalMs: 20,
      worker: { pollIntervalMs: 50 },
    });
    teardown.add(() => email.stop());

    const emailUrl = email.url ?? '';

    const campaignDb = await openCampaignDatabase({ url: campaignDatabase.url }, { migrate: true });
    teardown.add(() => campaignDb.destroy());
    const campaigns = await startCampaignService({
      host: '127.0.0.1',
      port: 0,
      dataSource: campaignDb,
      clients,
      email: createGrpcClient(EmailService, { baseUrl: emailUrl, timeoutMs: 20_000 }),
      logger,
    });
    teardown.add(() => campaigns.close());
    const workers = await startCampaignWorkers({
      dataSource: campaignDb,
      bus,
      clients,
      logger,
      schedulerIntervalMs: 100,
      relayPollIntervalMs: 20,
    });
    teardown.add(() => workers.stop());

    return {
      campaignUrl: campaigns.url,
      emailUrl,
      campaignDb,
      emailDb,
      bus,
      databases,
      stop: teardown.close,
    };
  } catch (error) {
    await teardown.close();
    await Promise.all(databases.map((db) => db.drop()));
    throw error;
  }
}
