import { join } from 'node:path';
import { openPgliteHost, type DatabaseLocation } from '@coldreach/db';
import { CommandError } from './cli-errors';
import type { AdminConfig } from './config';
import { assertPlatformNotRunning } from './embedded-platform-guard';

/** Where the gateway's and the client shards' data live, in either mode. */
export interface AdminDatabases {
  gateway: DatabaseLocation;
  /** Every client shard, in shard order (the order decides where each client lives). */
  clientShards(): DatabaseLocation[];
  close(): Promise<void>;
}

// The embedded platform's layout: one PGlite under <data>/pglite, one schema per store.
export const embeddedGatewaySchema = 'gateway';
export const embeddedClientShardSchema = (index: number) => `client_shard_${index}`;

export async function openAdminDatabases(config: AdminConfig): Promise<AdminDatabases> {
  if (config.mode === 'connected') {
    return {
      gateway: { url: config.gatewayDatabaseUrl },
      clientShards() {
        if (!config.clientShardUrls) {
          throw new CommandError(
            'CLIENT_SHARD_URLS is required to migrate the client shards (comma-separated PostgreSQL URLs)',
          );
        }
        return config.clientShardUrls.map((url) => ({ url }));
      },
      close: async () => undefined,
    };
  }
  assertPlatformNotRunning(config.dataDir);
  const pglite = await openPgliteHost(join(config.dataDir, 'pglite'));
  return {
    gateway: { pglite, schema: embeddedGatewaySchema },
    clientShards: () =>
      Array.from({ length: config.clientShardCount }, (_, index) => ({
        pglite,
        schema: embeddedClientShardSchema(index),
      })),
    close: () => pglite.close(),
  };
}
