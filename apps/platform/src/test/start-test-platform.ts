// Test support: the embedded platform (`npm start`) in this process, on a temporary data directory
// and free ports, with two workspaces that each have an API key, and an SMTP sink on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataSource, openPgliteHost } from '@coldreach/db';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import type { DataSource } from 'typeorm';
import { freePort, startDnsServer, startSmtpSink, type SmtpSink } from '@coldreach/testing';
import { readPlatformConfig } from '../config';
import { dataDirPaths } from '../data-dir';
import { startPlatform, type RunningPlatform } from '../start-platform';

export interface TestTenant {
  workspaceId: string;
  key: string;
}

export interface TestPlatform {
  platform: RunningPlatform;
  gatewayUrl: string;
  /** Two workspaces, created before the platform started. */
  a: TestTenant;
  b: TestTenant;
  smtpSink: SmtpSink;
  dataDir: string;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  /** Environment for the platform's config (e.g. RATE_LIMIT_PER_MINUTE); ports and data dir are set here. */
  env?: Record<string, string>;
  logLevel?: string;
  /** Where every service's log lines go (default: stdout, silenced unless logLevel is set). */
  logDestination?: { write(line: string): void };
  /** More set-up in the gateway's database before the platform opens it (e.g. users of A and B). */
  prepare?: (gatewayDb: DataSource, tenants: { a: TestTenant; b: TestTenant }) => Promise<void>;
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coldreach-platform-'));
  const smtpSink = await startSmtpSink();
  // The embedded scraper must never leave the machine in tests, whatever URLs a spec (or the fuzz)
  // sends it: names go to a loopback DNS server that knows none, public addresses are refused.
  const dns = await startDnsServer({ answer: () => undefined });
  try {
    const [a, b] = await createWorkspaces(dataDir, ['Fuzz A', 'Fuzz B'], options.prepare);
    const config = readPlatformConfig({
      SCRAPER_DNS_SERVERS: dns.server,
      SCRAPER_PUBLIC_ADDRESSES: 'deny',
      ...options.env,
      COLDREACH_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      // A port chosen here, not 0: the links in emails (unsubscribe, tracking) are made from the
      // configured port before the gateway listens, and a browser test follows them.
      PORT: String(await freePort()),
      SERVICES_BASE_PORT: '0',
      LOG_LEVEL: options.logLevel ?? 'silent',
    });
    const platform = await startPlatform(config, { destination: options.logDestination });
    return {
      platform,
      gatewayUrl: platform.gatewayUrl,
      a: a as TestTenant,
      b: b as TestTenant,
      smtpSink,
      dataDir,
      async stop() {
        await platform.stop();
        await smtpSink.close();
        await dns.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await smtpSink.close();
    await dns.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Workspaces written straight into the data directory's gateway schema before the platform opens
 * it (PGlite takes one process at a time, and the API has no route that creates a workspace).
 */
async function createWorkspaces(
  dataDir: string,
  names: string[],
  prepare: TestPlatformOptions['prepare'],
): Promise<TestTenant[]> {
  const pglite = await openPgliteHost(dataDirPaths(dataDir).pglite);
  try {
    const dataSource = await openDataSource({
      location: { pglite, schema: 'gateway' },
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    try {
      const tenancy = createTenancyStore(dataSource);
      const tenants: TestTenant[] = [];
      for (const name of names) {
        const workspace = await tenancy.createWorkspace(name);
        const { key } = await tenancy.createApiKey(workspace.id, 'fuzz');
        tenants.push({ workspaceId: workspace.id, key });
      }
      await prepare?.(dataSource, { a: tenants[0] as TestTenant, b: tenants[1] as TestTenant });
      return tenants;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await pglite.close();
  }
}
