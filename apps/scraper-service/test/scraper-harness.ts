// Test support for the scraper's integration specs: the service on a real PostgreSQL database, the
// in-process bus (every scrape.events envelope kept), the in-memory host gate, and a crawl setup
// that may reach only the test site (127.0.0.2 on its port), resolved through the site's DNS server.
import type { Client as RpcClient } from '@connectrpc/connect';
import { fromBinary } from '@bufbuild/protobuf';
import { EventEnvelopeSchema, ScraperService, type EventEnvelope } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { parseAllowedCidrs } from '@coldreach/outbound-guard';
import { createTeardown, createTestLocations, randomName } from '@coldreach/testing';
import { createInMemoryHostGate } from '../src/politeness';
import { openScraperDatabase } from '../src/scraper-database';
import {
  scraperTopics,
  startScraperService,
  type CrawlOptions,
  type RunningScraperService,
} from '../src/start-scraper-service';
import { siteAddress, type TestSite } from '@coldreach/testing';

export interface ScraperHarness {
  rpc: RpcClient<typeof ScraperService>;
  service: RunningScraperService;
  /** Every envelope published on scrape.events so far (after the outbox relay). */
  events: EventEnvelope[];
  logLines: string[];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * Crawl settings for tests: nothing but `allowed` (CIDRs) on `ports`, names resolved by `dnsServer`,
 * short timeouts and fast polling.
 */
export function testCrawlOptions(options: {
  allowed: CrawlOptions['allowedPrivateCidrs'];
  ports: number[];
  dnsServer: string;
}): CrawlOptions {
  return {
    allowedPrivateCidrs: options.allowed,
    // Nothing but the allow-list, whatever a spec's seeds say.
    publicAddresses: 'deny',
    allowedPorts: options.ports,
    dnsServers: [options.dnsServer],
    contactUrl: 'https://coldreach.test/bot',
    concurrency: 8,
    hostDelayMs: 100,
    maxCrawlDelayMs: 2000,
    maxPageBytes: 1024 * 1024,
    pageTimeoutMs: 5000,
    pollIntervalMs: 100,
    retry: { maxAttempts: 2, baseBackoffMs: 200, maxBackoffMs: 1000, maxRetryAfterMs: 3000 },
  };
}

export async function startScraperHarness(
  site: TestSite,
  overrides: Partial<CrawlOptions> & {
    quotas?: { maxActiveJobsPerWorkspace: number; maxPagesPerWorkspacePerDay: number };
  } = {},
): Promise<ScraperHarness> {
  const teardown = createTeardown();
  const databases = await createTestLocations(['cr_scraper']);
  teardown.add(databases.dispose);
  const dataSource = await openScraperDatabase(databases.locations[0]!, { migrate: true });
  teardown.add(() => dataSource.destroy());
  const bus = createInProcessEventBus({ retryBackoffMs: 50 });
  teardown.add(() => bus.close());
  await bus.ensureTopics(scraperTopics);
  const events: EventEnvelope[] = [];
  await bus.subscribe({
    groupId: randomName('observer'),
    topics: ['scrape.events'],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) events.push(fromBinary(EventEnvelopeSchema, message.value));
    },
  });
  const logLines: string[] = [];
  const logger = createLogger({
    name: 'scraper-service-test',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const cidrs = parseAllowedCidrs(`${siteAddress}/32`);
  if (!cidrs.ok) throw new Error(cidrs.problem);
  const { quotas, ...crawl } = overrides;
  const service = await startScraperService({
    host: '127.0.0.1',
    port: 0,
    dataSource,
    bus,
    logger,
    gate: createInMemoryHostGate(),
    crawl: {
      ...testCrawlOptions({ allowed: cidrs.cidrs, ports: [site.port], dnsServer: site.dns.server }),
      ...crawl,
    },
    quotas: quotas ?? { maxActiveJobsPerWorkspace: 3, maxPagesPerWorkspacePerDay: 10_000 },
    workerId: 'test-worker',
    relayPollIntervalMs: 25,
  });
  teardown.add(() => service.stop());
  const rpc = createGrpcClient(ScraperService, { baseUrl: service.url!, timeoutMs: 20_000 });
  return {
    rpc,
    service,
    events,
    logLines,
    sql: (text, params = []) => queryRows(dataSource.manager, text, params),
    stop: teardown.close,
  };
}
