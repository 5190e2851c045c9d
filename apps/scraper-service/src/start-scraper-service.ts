import type { Client } from '@connectrpc/connect';
import type { DataSource } from 'typeorm';
import { ScraperService, VerificationService, topics, type ClientService } from '@coldreach/contracts';
import type { ReadReplicas } from '@coldreach/db';
import type { EventBus } from '@coldreach/events';
import { ServingStatus, startGrpcServer, type GrpcServer, type HealthRegistry } from '@coldreach/grpc';
import type { Logger } from '@coldreach/observability';
import { startOrCleanUp } from '@coldreach/process';
import {
  createDnsResolver,
  createOutboundGuard,
  type AllowedCidr,
  type HostResolver,
} from '@coldreach/outbound-guard';
import { startOutboxRelay, type OutboxRelay } from '@coldreach/outbox';
import type { ScrapeQuotas } from './domain/job-store';
import { createScrapeJobUseCases } from './domain/scrape-job-use-cases';
import type { RetrySettings } from './domain/fetch-failure-rules';
import { createPageExtractor, defaultExtractThreads } from './extract/page-extractor';
import { createPageFetcher } from './fetch/page-fetcher';
import { createScraperServiceHandlers } from './grpc/scraper-service-handlers';
import { createJobStore } from './persistence/job-store';
import type { HostGate } from './politeness';
import { productToken } from './workers/crawl-url';
import { startCrawlWorkers, type CrawlWorkers } from './workers/crawl-workers';
import { verifyCommandsTopic } from './verification/verification-consumers';
import type { VerificationSettings } from './verification/verification-config';
import { startVerification, type RunningVerification } from './verification/start-verification';

/** How the crawl behaves (see config.ts for each variable). */
export interface CrawlOptions {
  allowedPrivateCidrs: readonly AllowedCidr[];
  /** `deny`: only the allow-list's ranges (tests, benchmarks). Default `allow`. */
  publicAddresses?: 'allow' | 'deny';
  allowedPorts: readonly number[];
  /** host:port of DNS servers; empty: the system resolver. */
  dnsServers: readonly string[];
  contactUrl: string;
  concurrency: number;
  hostDelayMs: number;
  maxCrawlDelayMs: number;
  maxPageBytes: number;
  pageTimeoutMs: number;
  /** Tests: a resolver of their own instead of DNS. */
  resolver?: HostResolver;
  /** Tests: shorter retries, smaller trap bounds, faster polling. */
  retry?: RetrySettings;
  maxSimilarUrls?: number;
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Threads that extract pages beside the crawl loop's; 0: in its own. Default: one per spare core, at most 4. */
  extractThreads?: number;
}

export interface ScraperServiceOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is in the returned url. */
  port: number;
  /** Opened and migrated by the caller (see openScraperDatabase), who closes it after stop(). */
  dataSource: DataSource;
  /** Where the API's job and result reads go (its replica, within the lag bound); unset: `dataSource`. Closed by the caller after stop(). */
  replicas?: ReadReplicas;
  /** Closed by the caller after stop(). */
  bus: EventBus;
  logger: Logger;
  /** Per-host politeness: in memory (embedded) or in Redis (every worker process shares it). */
  gate: HostGate;
  crawl: CrawlOptions;
  quotas: ScrapeQuotas;
  roles?: { api: boolean; workers: boolean };
  /** Email verification (VerificationService and its workers); none: this process does not verify. */
  verification?: {
    settings: VerificationSettings;
    clients: Client<typeof ClientService>;
    /** Tests: a resolver of their own for mail hosts' addresses. */
    resolver?: HostResolver;
  };
  workerId: string;
  relayPollIntervalMs?: number;
}

export interface RunningScraperService {
  url?: string;
  health?: HealthRegistry;
  /** Stops the gRPC server, then the workers (fetches in flight are queued again), then the relay. */
  stop(): Promise<void>;
}

/** Named in refusals, so an operator knows what to set. */
export const scraperAllowListName = 'SCRAPER_ALLOWED_PRIVATE_CIDRS';

export const scraperTopics = [
  { name: topics.scrapeEvents, partitions: 6 },
  verifyCommandsTopic,
  // Read by verification (new leads); the Client service creates it with the same partitions.
  { name: topics.clientsEvents, partitions: 6 },
];

/**
 * Runs the Scraper service in this process: ScraperService over gRPC, the crawl workers (which claim
 * from the frontier in the database, so any number of processes share the jobs) and the outbox relay
 * of `scrape.events`.
 */
export async function startScraperService(options: ScraperServiceOptions): Promise<RunningScraperService> {
  const roles = options.roles ?? { api: true, workers: true };
  const { dataSource, bus, logger, crawl } = options;
  const guard = createOutboundGuard({
    allowedCidrs: crawl.allowedPrivateCidrs,
    allowListName: scraperAllowListName,
    publicAddresses: crawl.publicAddresses,
    resolver:
      crawl.resolver ?? (crawl.dnsServers.length > 0 ? createDnsResolver([...crawl.dnsServers]) : undefined),
  });
  await bus.ensureTopics(scraperTopics);

  let workers: CrawlWorkers | undefined;
  let relay: OutboxRelay | undefined;
  let server: GrpcServer | undefined;
  const fetcher = createPageFetcher({
    guard,
    userAgent: `${productToken}/0.1 (+${crawl.contactUrl})`,
    allowedPorts: crawl.allowedPorts,
    maxBytes: crawl.maxPageBytes,
    pageDeadlineMs: crawl.pageTimeoutMs,
    headersTimeoutMs: crawl.pageTimeoutMs,
    bodyIdleTimeoutMs: crawl.pageTimeoutMs,
  });
  // Only a process that crawls parses pages: an API-only process starts no extraction threads.
  const extractor = roles.workers
    ? createPageExtractor({ threads: crawl.extractThreads ?? defaultExtractThreads() })
    : undefined;
  let verification: RunningVerification | undefined;
  const stop = async () => {
    await server?.close();
    await verification?.stop();
    await workers?.stop();
    await extractor?.close();
    await fetcher.close();
    await relay?.stop();
  };

  await startOrCleanUp(
    async () => {
      if (extractor) {
        workers = startCrawlWorkers({
          dataSource,
          fetcher,
          extractor,
          gate: options.gate,
          logger: logger.child({ component: 'crawl-workers', workerId: options.workerId }),
          workerId: options.workerId,
          concurrency: crawl.concurrency,
          hostDelayMs: crawl.hostDelayMs,
          maxCrawlDelayMs: crawl.maxCrawlDelayMs,
          leaseMs: crawl.leaseMs ?? Math.max(120_000, crawl.pageTimeoutMs * 4),
          ...(crawl.pollIntervalMs !== undefined && { pollIntervalMs: crawl.pollIntervalMs }),
          ...(crawl.maxSimilarUrls !== undefined && { maxSimilarUrls: crawl.maxSimilarUrls }),
          ...(crawl.retry && { retry: crawl.retry }),
        });
      }
      relay = startOutboxRelay({
        shards: [dataSource],
        bus,
        logger,
        service: ScraperService.typeName,
        pollIntervalMs: options.relayPollIntervalMs,
      });

      if (options.verification) {
        verification = await startVerification({
          dataSource,
          bus,
          logger,
          clients: options.verification.clients,
          settings: options.verification.settings,
          workers: roles.workers,
          resolver: options.verification.resolver,
          pollIntervalMs: crawl.pollIntervalMs,
        });
      }
      if (roles.api) {
        const handlers = createScraperServiceHandlers(
          createScrapeJobUseCases({
            store: createJobStore(dataSource, options.replicas),
            guard,
            allowedPorts: crawl.allowedPorts,
            quotas: options.quotas,
            wakeWorkers: () => workers?.wake(),
          }),
        );
        server = await startGrpcServer({
          host: options.host,
          port: options.port,
          logger,
          routes: (router) => {
            router.service(ScraperService, handlers);
            if (verification) router.service(VerificationService, verification.handlers);
          },
        });
        server.health.set(ScraperService.typeName, ServingStatus.SERVING);
        if (verification) server.health.set(VerificationService.typeName, ServingStatus.SERVING);
      }
    },
    stop,
    logger,
  );
  return { url: server?.url, health: server?.health, stop };
}
