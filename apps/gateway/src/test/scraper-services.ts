// The real Scraper service for the gateway's integration specs: on its own fresh PostgreSQL database,
// serving gRPC on a free port, with its crawl workers (unless told not to) and an in-process bus. It
// never asks DNS: tests crawl literal loopback addresses only, so no query leaves the machine.
import type { DataSource } from 'typeorm';
import type { Client } from '@connectrpc/connect';
import { ScraperService } from '@coldreach/contracts';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { parseAllowedCidrs } from '@coldreach/outbound-guard';
import { createInMemoryHostGate, openScraperDatabase, startScraperService } from '@coldreach/scraper-service';
import { createTestDatabase, randomName, type TestDatabase } from '@coldreach/testing';

export interface ScraperTestOptions {
  /** CIDRs crawled URLs may reach although internal, e.g. `127.0.0.2/32` (default: none). */
  allowedPrivateCidrs?: string;
  /** Ports crawled URLs may use (default: the service's, 80, 443, 8080 and 8443). */
  allowedPorts?: number[];
  /** false: the API alone, and every job stays queued (default: crawl workers run). */
  workers?: boolean;
  /** The whole of one page request (default 10 s). */
  pageTimeoutMs?: number;
  /** Queued or running jobs per workspace (default 10). */
  maxActiveJobsPerWorkspace?: number;
}

export interface ScraperServices {
  url: string;
  client: Client<typeof ScraperService>;
  dataSource: DataSource;
  /** Dropped by the caller after stop(). */
  database: TestDatabase;
  stop(): Promise<void>;
}

export async function startScraperServices(options: ScraperTestOptions = {}): Promise<ScraperServices> {
  const database = await createTestDatabase('cr_gw_scraper');
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const cidrs = parseAllowedCidrs(options.allowedPrivateCidrs ?? '');
    if (!cidrs.ok) throw new Error(cidrs.problem);
    const dataSource = await openScraperDatabase({ url: database.url }, { migrate: true });
    stops.push(() => dataSource.destroy());
    const bus = createInProcessEventBus({ retryBackoffMs: 50 });
    stops.push(() => bus.close());
    const service = await startScraperService({
      host: '127.0.0.1',
      port: 0,
      dataSource,
      bus,
      logger: createLogger({ name: 'scraper-service-test', level: 'silent' }),
      gate: createInMemoryHostGate(),
      crawl: {
        allowedPrivateCidrs: cidrs.cidrs,
        // Nothing outside the allow-list, whatever a spec's seeds say (a public literal included).
        publicAddresses: 'deny',
        allowedPorts: options.allowedPorts ?? [80, 443, 8080, 8443],
        dnsServers: [],
        resolver: async (host) => {
          throw Object.assign(new Error(`${host} is not resolved in tests`), { code: 'ENOTFOUND' });
        },
        contactUrl: 'https://coldreach.test/bot',
        concurrency: 4,
        hostDelayMs: 0,
        maxCrawlDelayMs: 1000,
        maxPageBytes: 1024 * 1024,
        pageTimeoutMs: options.pageTimeoutMs ?? 10_000,
        pollIntervalMs: 50,
      },
      quotas: {
        maxActiveJobsPerWorkspace: options.maxActiveJobsPerWorkspace ?? 10,
        maxPagesPerWorkspacePerDay: 100_000,
      },
      roles: { api: true, workers: options.workers ?? true },
      workerId: randomName('gw-scraper'),
      relayPollIntervalMs: 25,
    });
    stops.push(() => service.stop());
    const url = service.url ?? '';
    const client = createGrpcClient(ScraperService, { baseUrl: url, timeoutMs: 20_000 });
    return { url, client, dataSource, database, stop };
  } catch (error) {
    await stop();
    await database.drop();
    throw error;
  }
}
