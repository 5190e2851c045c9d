// Test support for the integration specs in src/: the same service over two storage backends.
import { randomUUID } from 'node:crypto';
import type { Code, Client as RpcClient } from '@connectrpc/connect';
import { ClientService } from '@coldreach/contracts';
import { openPgliteHost, type DatabaseLocation, type BucketShardSet } from '@coldreach/db';
import { createGrpcClient, type GrpcServer } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createTestLocations, expectGrpcRejection, randomName } from '@coldreach/testing';
import { openClientShards } from '../src/client-shards';
import { startClientService } from '../src/start-client-service';

export const shardCount = 3;

/** Where the shards of one run live, and how to remove them afterwards. */
export interface Backend {
  name: string;
  open(): Promise<{ locations: DatabaseLocation[]; dispose(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'PostgreSQL (a database per shard)',
    open: () => createTestLocations(Array.from({ length: shardCount }, () => 'cr_clients')),
  },
  {
    name: 'PGlite (a schema per shard)',
    async open() {
      const host = await openPgliteHost();
      return {
        locations: Array.from({ length: shardCount }, () => ({
          pglite: host,
          schema: randomName('clients'),
        })),
        dispose: () => host.close(),
      };
    },
  },
];

export interface Harness {
  shards: BucketShardSet;
  server: GrpcServer;
  rpc: RpcClient<typeof ClientService>;
  stop(): Promise<void>;
}

/** Opens migrated shards on `backend` and serves ClientService on a free port. */
export async function startHarness(backend: Backend): Promise<Harness> {
  const { locations, dispose } = await backend.open();
  const shards = await openClientShards(locations);
  const server = await startClientService({
    host: '127.0.0.1',
    port: 0,
    shards,
    logger: createLogger({ name: 'client-service-test', level: 'silent' }),
  });
  return {
    shards,
    server,
    rpc: createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 20_000 }),
    async stop() {
      await server.close();
      await shards.close();
      await dispose();
    },
  };
}

/** A fresh workspace id, so tests sharing a harness never see each other's rows. */
export const newWorkspace = (): string => randomUUID();

/** Awaits a call that must fail with `code`; returns the field names of its violations. */
export async function rejection(call: Promise<unknown>, code: Code): Promise<string[]> {
  return (await expectGrpcRejection(call, code)).violations.map((v) => v.field);
}

/** How many rows a workspace has on each shard, read directly from the shard databases. */
export async function rowsPerShard(
  shards: BucketShardSet,
  workspaceId: string,
  email?: string,
): Promise<number[]> {
  return Promise.all(
    shards.shards.map(async (shard) => {
      const rows = (await shard.query(
        `SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1 ${email ? 'AND email = $2' : ''}`,
        email ? [workspaceId, email] : [workspaceId],
      )) as { n: number }[];
      return Number(rows[0]?.n ?? 0);
    }),
  );
}
