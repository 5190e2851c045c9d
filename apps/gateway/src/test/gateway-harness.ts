// Test support for the gateway's integration specs: the real Client service (gRPC, two PostgreSQL
// shards), a real tenancy database, and the gateway app in front, driven through `inject`.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Client } from '@connectrpc/connect';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { ClientService } from '@coldreach/contracts';
import { openDataSource, type ShardSet } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient, type GrpcServer } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter, type RateLimiter } from '@coldreach/rate-limit';
import {
  createTenancyStore,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
} from '@coldreach/tenancy';
import { createTestDatabase, createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { buildGatewayApp } from '../app';

export interface HarnessOptions {
  /** Default: an in-memory limiter with `rateLimitPerWindow` requests per minute (default: plenty). */
  rateLimiter?: RateLimiter;
  rateLimitPerWindow?: number;
  bodyLimitBytes?: number;
  importMaxBytes?: number;
}

export interface Tenant {
  workspaceId: string;
  key: string;
  keyId: string;
}

export interface GatewayHarness {
  app: FastifyInstance;
  /** Two workspaces, each with an API key. */
  a: Tenant;
  b: Tenant;
  tenancy: TenancyStore;
  /** Straight to the Client service, to check what the gateway did without going through it. */
  rpc: Client<typeof ClientService>;
  shards: ShardSet;
  grpcServer: GrpcServer;
  /** Every log line the gateway wrote (JSON). */
  logs: string[];
  call(
    method: string,
    url: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** A fresh workspace with a key, so a test sees only its own leads. */
  tenant(name?: string): Promise<Tenant>;
  /** How many leads a workspace has, counted in the shard databases themselves. */
  countLeads(workspaceId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const databases: TestDatabase[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await Promise.all(databases.map((db) => db.drop()));
  };
  try {
    const shardDatabases = await createTestDatabases(2, 'cr_gw_shard');
    databases.push(...shardDatabases);
    const tenancyDatabase = await createTestDatabase('cr_gw_tenancy');
    databases.push(tenancyDatabase);

    const shards = await openClientShards(
      shardDatabases.map(({ url }) => ({ url })),
      { migrate: true },
    );
    cleanups.push(() => shards.close());
    const grpcServer = await startClientService({
      host: '127.0.0.1',
      port: 0,
      shards,
      logger: createLogger({ name: 'client-service-test', level: 'silent' }),
    });
    cleanups.push(() => grpcServer.close());

    const dataSource: DataSource = await openDataSource({
      location: { url: tenancyDatabase.url },
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    cleanups.push(() => dataSource.destroy());
    const tenancy = createTenancyStore(dataSource);
    const tenant = async (name = 'test workspace'): Promise<Tenant> => {
      const workspace = await tenancy.createWorkspace(name);
      const { key, apiKey } = await tenancy.createApiKey(workspace.id, `${name} key`);
      return { workspaceId: workspace.id, key, keyId: apiKey.id };
    };
    const a = await tenant('Workspace A');
    const b = await tenant('Workspace B');

    const logs: string[] = [];
    const logger = createLogger({
      name: 'gateway-test',
      level: 'info',
      destination: { write: (line: string) => void logs.push(line) },
    });
    const rpc = createGrpcClient(ClientService, { baseUrl: grpcServer.url, timeoutMs: 20_000 });
    const app = await buildGatewayApp({
      logger,
      tenancy,
      rateLimiter:
        options.rateLimiter ??
        createMemoryRateLimiter({ limit: options.rateLimitPerWindow ?? 1_000_000, windowSeconds: 60 }),
      clients: createGrpcClient(ClientService, { baseUrl: grpcServer.url, timeoutMs: 20_000 }),
      bodyLimitBytes: options.bodyLimitBytes,
      importMaxBytes: options.importMaxBytes,
      readinessChecks: [
        { name: 'postgres', check: () => tenancy.ping() },
        {
          name: 'client-service',
          check: async () => {
            if (!(await checkGrpcHealth(grpcServer.url, ClientService.typeName)))
              throw new Error('not serving');
          },
        },
      ],
    });
    cleanups.push(() => app.close());

    return {
      tenant,
      app,
      a,
      b,
      tenancy,
      rpc,
      shards,
      grpcServer,
      logs,
      close,
      call(method, url, { key = a.key, body, headers = {} } = {}) {
        const all: Record<string, string> = { ...headers };
        if (key !== null) all.authorization = `Bearer ${key}`;
        if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body))
          all['content-type'] ??= 'application/json';
        return app.inject({
          method: method as 'GET',
          url,
          headers: all,
          ...(body === undefined
            ? {}
            : { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
        });
      },
      async countLeads(workspaceId) {
        const counts = await Promise.all(
          shards.shards.map(async (shard) => {
            const rows = (await shard.query(
              'SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1',
              [workspaceId],
            )) as { n: number }[];
            return Number(rows[0]?.n ?? 0);
          }),
        );
        return counts.reduce((sum, n) => sum + n, 0);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
