// The real Scraper service for the gateway's integration specs: on its own fresh PostgreSQL database,
// serving gRPC on a free port, with its crawl workers (unless told not to) and an in-process bus. It
// never asks DNS: tests crawl literal loopback addresses only, so no query leaves the machine. With
// `verification`, it verifies addresses too, asking only the test's DNS server and reaching only the
// loopback addresses the test allows.
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Client } from '@connectrpc/connect';
import { ClientService, ScraperService, VerificationService } from '@coldreach/contracts';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { parseAllowedCidrs } from '@coldreach/outbound-guard';
import {
  createInMemoryHostGate,
  openScraperDatabase,
  startScraperService,
  verificationEnvShape,
  verificationSettingsOf,
} from '@coldreach/scraper-service';
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
  /** Also run VerificationService and its workers, so configured (default: no verification). */
  verification?: VerificationTestOptions;
}

export interface VerificationTestOptions {
  /** The Client service results are recorded on and bulk jobs list their leads from. */
  clientServiceUrl: string;
  /** host:port of the test's DNS server, the only one asked. */
  dnsServer: string;
  /** CIDRs mail hosts may resolve to, e.g. `127.0.0.3/32` for a test's SMTP server (default: none). */
  allowedPrivateCidrs?: string;
  /** Ask the mail servers (default false). */
  smtpProbe?: boolean;
  smtpPort?: number;
}

/** The service's settings as its VERIFY_* variables would make them: nothing outside the allow-list. */
function verificationSettings(options: VerificationTestOptions) {
  const env = z.object(verificationEnvShape).parse({
    VERIFY_DNS_SERVERS: options.dnsServer,
    VERIFY_SMTP_PROBE: String(options.smtpProbe ?? false),
    VERIFY_SMTP_PORT: String(options.smtpPort ?? 25),
    VERIFY_HELO_NAME: 'verifier.coldreach.test',
    VERIFY_MAIL_FROM: 'postmaster@coldreach.test',
    VERIFY_ALLOWED_PRIVATE_CIDRS: options.allowedPrivateCidrs ?? '',
    VERIFY_PUBLIC_ADDRESSES: 'deny',
    // A temporary "unknown" is final at once, so a bulk job ends without waiting for retries.
    VERIFY_MAX_ATTEMPTS: '1',
    VERIFY_CONCURRENCY: '4',
  });
  return verificationSettingsOf(env);
}

export interface ScraperServices {
  url: string;
  client: Client<typeof ScraperService>;
  /** VerificationService on the same server (with the `verification` option). */
  verification?: Client<typeof VerificationService>;
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
      ...(options.verification && {
        verification: {
          settings: verificationSettings(options.verification),
          clients: createGrpcClient(ClientService, {
            baseUrl: options.verification.clientServiceUrl,
            timeoutMs: 20_000,
          }),
        },
      }),
      roles: { api: true, workers: options.workers ?? true },
      workerId: randomName('gw-scraper'),
      relayPollIntervalMs: 25,
    });
    stops.push(() => service.stop());
    const url = service.url ?? '';
    const grpc = { baseUrl: url, timeoutMs: 20_000 };
    const client = createGrpcClient(ScraperService, grpc);
    const verification = options.verification ? createGrpcClient(VerificationService, grpc) : undefined;
    return { url, client, verification, dataSource, database, stop };
  } catch (error) {
    await stop();
    await database.drop();
    throw error;
  }
}
