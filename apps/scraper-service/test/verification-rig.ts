// Test support for email verification's integration specs: the real Client service (its own
// PostgreSQL database, its events relayed to the bus), the Scraper service with verification on its
// own database, a DNS server serving the test domains and an SMTP server that answers RCPT TO by
// address. Everything listens on 127.0.0.1; mail hosts may resolve there and nowhere else.
import type { Client as RpcClient } from '@connectrpc/connect';
import { SMTPServer } from 'smtp-server';
import { ClientService, VerificationService } from '@coldreach/contracts';
import { openClientShards, startClientEventRelay, startClientService } from '@coldreach/client-service';
import { queryRows } from '@coldreach/db';
import { createInProcessEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { parseAllowedCidrs } from '@coldreach/outbound-guard';
import {
  createTeardown,
  createTestLocations,
  serveForTest,
  startDnsServer,
  type DnsReply,
  type DnsServer,
} from '@coldreach/testing';
import { createInMemoryHostGate } from '../src/politeness';
import { testCrawlOptions } from './scraper-harness';
import { openScraperDatabase } from '../src/scraper-database';
import { scraperTopics, startScraperService } from '../src/start-scraper-service';
import type { VerificationSettings } from '../src/verification/verification-config';

/** What the test mail server answers to RCPT TO of an address. */
export type RcptAnswer = 'accept' | 'reject' | 'greylist';

export interface SeenRcpt {
  address: string;
  at: number;
}

export interface VerificationRig {
  verification: RpcClient<typeof VerificationService>;
  clients: RpcClient<typeof ClientService>;
  dns: DnsServer;
  /** Every RCPT TO the mail server received, in order. */
  rcpts: SeenRcpt[];
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startVerificationRig(options: {
  /** The DNS answer for a name and type; undefined: NXDOMAIN. */
  dns: (name: string, type: string) => DnsReply | undefined;
  rcpt: (address: string) => RcptAnswer;
  settings?: Partial<VerificationSettings>;
}): Promise<VerificationRig> {
  const teardown = createTeardown();
  try {
    const logger = createLogger({ name: 'verification-test', level: 'silent' });
    const rcpts: SeenRcpt[] = [];
    const smtp = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const answer = options.rcpt(address.address.toLowerCase());
        rcpts.push({ address: address.address.toLowerCase(), at: Date.now() });
        if (answer === 'accept') return callback();
        const error = Object.assign(
          new Error(answer === 'reject' ? '5.1.1 no such user' : '4.7.1 greylisted, try again later'),
          { responseCode: answer === 'reject' ? 550 : 451 },
        );
        return callback(error);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    teardown.add(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const dns = await startDnsServer({
      reply: (name, type) => options.dns(name, type) ?? { rcode: 'NXDOMAIN' },
    });
    teardown.add(() => dns.close());

    const locations = await createTestLocations(['cr_verify_clients', 'cr_verify_scraper']);
    teardown.add(locations.dispose);
    const bus = createInProcessEventBus({ retryBackoffMs: 50 });
    teardown.add(() => bus.close());
    await bus.ensureTopics(scraperTopics);
    const shards = await openClientShards([locations.locations[0]!]);
    teardown.add(() => shards.close());
    const clients = await serveForTest(teardown, ClientService, (address) =>
      startClientService({ ...address, shards, logger }),
    );
    const relay = startClientEventRelay({ shards, bus, logger, pollIntervalMs: 25 });
    teardown.add(() => relay.stop());

    const dataSource = await openScraperDatabase(locations.locations[1]!, { migrate: true });
    teardown.add(() => dataSource.destroy());
    const mailHosts = parseAllowedCidrs('127.0.0.1/32');
    if (!mailHosts.ok) throw new Error(mailHosts.problem);
    const service = await startScraperService({
      host: '127.0.0.1',
      port: 0,
      dataSource,
      bus,
      logger,
      gate: createInMemoryHostGate(),
      // No crawl is started here: its settings only keep the crawler to nothing at all.
      crawl: testCrawlOptions({ allowed: [], ports: [80], dnsServer: dns.server }),
      quotas: { maxActiveJobsPerWorkspace: 3, maxPagesPerWorkspacePerDay: 10_000 },
      verification: {
        clients,
        settings: {
          dnsServers: [dns.server],
          smtpProbe: true,
          smtpPort,
          heloName: 'verifier.coldreach.test',
          mailFrom: 'probe@coldreach.test',
          allowedPrivateCidrs: mailHosts.cidrs,
          publicAddresses: 'deny',
          smtpDomainIntervalMs: 50,
          retry: { maxAttempts: 2, baseDelayMs: 200 },
          concurrency: 8,
          ...options.settings,
        },
      },
      workerId: 'test-worker',
      relayPollIntervalMs: 25,
    });
    teardown.add(() => service.stop());
    return {
      verification: createGrpcClient(VerificationService, { baseUrl: service.url!, timeoutMs: 60_000 }),
      clients,
      dns,
      rcpts,
      sql: (text, params = []) => queryRows(dataSource.manager, text, params),
      stop: teardown.close,
    };
  } catch (error) {
    await teardown.close();
    throw error;
  }
}
