import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { checkGrpcHealth } from '@coldreach/grpc';
import {
  freePort,
  spawnServiceProcess,
  testRedisUrl,
  waitFor,
  waitForOutput,
  type ServiceProcess,
  type TestDatabase,
} from '@coldreach/testing';
import { backendPids, cpuSeconds } from './cpu-time';
import { createBenchApiKey } from '../bench-api-key';

/** The apps an import goes through, however they were started. */
export interface ImportTarget {
  baseUrl: string;
  auth: string;
  /** The processes whose memory is sampled, by name. */
  processes: ServiceProcess[];
  /** CPU seconds used so far, by process (connected mode: the shards' PostgreSQL backends too). */
  cpu(): Promise<Record<string, number>>;
  /** Leads stored in the shards (connected mode only: PGlite is the platform's own). */
  countLeads?(): Promise<number>;
  stop(): Promise<void>;
}

// Reads beside the import must not be refused by the rate limit (one key, a few hundred a second).
const unlimited = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_WORKSPACE_PER_MINUTE: '100000000' };
// BENCH_PROFILE=1 writes a CPU profile of every app to .cache/profiles (read it in Chrome DevTools).
const profile: Record<string, string> = process.env.BENCH_PROFILE
  ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=.cache/profiles` }
  : {};

async function ready(service: ServiceProcess, isReady: () => Promise<boolean>): Promise<void> {
  await waitFor(
    async () => {
      if (!service.running()) throw new Error(`${service.name} exited:\n${service.tail()}`);
      return isReady();
    },
    { timeoutMs: 120_000, intervalMs: 200, what: service.name },
  );
}

const httpOk = (url: string) => () =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

async function stopAll(processes: ServiceProcess[]): Promise<void> {
  for (const service of processes) service.signal('SIGTERM');
  await Promise.all(processes.map((service) => service.exited));
}

/** The gateway and the Client service as processes, in connected mode, over two shard databases. */
export async function startConnected(
  gatewayDb: TestDatabase,
  shards: TestDatabase[],
  kafkaBrokers: string[],
): Promise<ImportTarget> {
  const clientPort = await freePort();
  const gatewayPort = await freePort();
  const processes: ServiceProcess[] = [];
  try {
    const client = spawnServiceProcess('client-service', 'apps/client-service/src/main.ts', {
      ...profile,
      LOG_LEVEL: 'warn',
      CLIENT_SHARD_URLS: shards.map((db) => db.url).join(','),
      CLIENT_SERVICE_PORT: String(clientPort),
      KAFKA_BROKERS: kafkaBrokers.join(','),
    });
    processes.push(client);
    await ready(client, () => checkGrpcHealth(`http://127.0.0.1:${clientPort}`));
    const { key } = await createBenchApiKey(gatewayDb.url);
    const gateway = spawnServiceProcess('gateway', 'apps/gateway/src/main.ts', {
      ...profile,
      ...unlimited,
      LOG_LEVEL: 'warn',
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      GATEWAY_DATABASE_URL: gatewayDb.url,
      REDIS_URL: testRedisUrl,
      CLIENT_SERVICE_URL: `http://127.0.0.1:${clientPort}`,
      IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
    });
    processes.push(gateway);
    const baseUrl = `http://127.0.0.1:${gatewayPort}`;
    await ready(gateway, httpOk(`${baseUrl}/health`));
    return {
      baseUrl,
      auth: `Bearer ${key}`,
      processes: [gateway, client],
      async cpu() {
        const backends = await backendPids(shards.map((db) => db.name));
        return {
          gateway: cpuSeconds(gateway.pid),
          'client-service': cpuSeconds(client.pid),
          'PostgreSQL (shard backends)': backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
        };
      },
      async countLeads() {
        let total = 0;
        for (const shard of shards) {
          const pg = new PgClient({ connectionString: shard.url });
          await pg.connect();
          const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM clients');
          total += Number(rows[0]?.n ?? 0);
          await pg.end();
        }
        return total;
      },
      stop: () => stopAll(processes),
    };
  } catch (error) {
    await stopAll(processes);
    throw error;
  }
}

/** `npm start`'s entry as a process on a temporary data directory: PGlite, every service in one process. */
export async function startEmbedded(): Promise<ImportTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const port = await freePort();
  const platform = spawnServiceProcess('platform', 'apps/platform/src/main.ts', {
    ...profile,
    ...unlimited,
    COLDREACH_DATA_DIR: dataDir,
    PORT: String(port),
    SERVICES_BASE_PORT: '0',
    LOG_LEVEL: 'warn',
    // Nothing here crawls; were it to, it would not leave the machine.
    SCRAPER_DNS_SERVERS: '127.0.0.1:9',
    SCRAPER_PUBLIC_ADDRESSES: 'deny',
  });
  const stop = async () => {
    await stopAll([platform]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForOutput(platform, /Press Ctrl-C to stop/, 180_000);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      auth: `Bearer ${readFileSync(join(dataDir, 'api-key'), 'utf8').trim()}`,
      processes: [platform],
      cpu: async () => ({ 'platform (PGlite in process)': cpuSeconds(platform.pid) }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
