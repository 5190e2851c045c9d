import { writeFileSync } from 'node:fs';
import { ClientService, topics } from '@coldreach/contracts';
import { openDataSource, openPgliteHost } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { buildGatewayApp } from '@coldreach/gateway';
import { openClientShards, startClientEventRelay, startClientService } from '@coldreach/client-service';
import { createInProcessEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import {
  createTenancyStore,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
} from '@coldreach/tenancy';
import type { PlatformConfig } from './config';
import { checkShardLayout, dataDirPaths, lockDataDir } from './data-dir';

export interface RunningPlatform {
  gatewayUrl: string;
  clientServiceUrl: string;
  /** Set on the first run only: the key was just created and is shown once. */
  newApiKey?: string;
  apiKeyFile: string;
  /** Ordered shutdown: gateway → services → databases. */
  stop(): Promise<void>;
}

/**
 * Embedded mode: every service in this process, on loopback, with real gRPC between them and
 * PGlite (one schema per service and shard) under the data directory.
 */
export async function startPlatform(config: PlatformConfig): Promise<RunningPlatform> {
  // One logger per service, as each would have on its own in connected mode.
  const serviceLogger = (name: string) => createLogger({ name, level: config.LOG_LEVEL });
  const paths = dataDirPaths(config.dataDir);
  const unlock = lockDataDir(config.dataDir);
  const closers: Array<() => Promise<void> | void> = [unlock];
  const stop = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    checkShardLayout(config.dataDir, config.EMBEDDED_CLIENT_SHARDS);
    const pglite = await openPgliteHost(paths.pglite);
    closers.push(() => pglite.close());

    const gatewayDb = await openDataSource({
      location: { pglite, schema: 'gateway' },
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    closers.push(() => gatewayDb.destroy());
    const tenancy = createTenancyStore(gatewayDb);

    const shardLocations = Array.from({ length: config.EMBEDDED_CLIENT_SHARDS }, (_, i) => ({
      pglite,
      schema: `client_shard_${i}`,
    }));
    const shards = await openClientShards(shardLocations, { migrate: true });
    closers.push(() => shards.close());

    // Embedded mode's event bus: in-process, with Kafka's semantics (see libs/events).
    const bus = createInProcessEventBus();
    closers.push(() => bus.close());
    await bus.ensureTopics([{ name: topics.clientsEvents, partitions: 6 }]);
    // Stopped after the client service (no more writes), before the bus and the shards.
    const relay = startClientEventRelay({ shards, bus, logger: serviceLogger('client-service') });
    closers.push(() => relay.stop());

    const clientService = await startClientService({
      host: config.HOST,
      port: config.SERVICES_BASE_PORT,
      shards,
      logger: serviceLogger('client-service'),
    });
    closers.push(() => clientService.close());

    const rateLimiter = createMemoryRateLimiter({ limit: config.RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });
    closers.push(() => rateLimiter.close());
    const gateway = await buildGatewayApp({
      logger: serviceLogger('gateway'),
      tenancy,
      rateLimiter,
      clients: createGrpcClient(ClientService, { baseUrl: clientService.url }),
      readinessChecks: [
        { name: 'postgres', check: () => tenancy.ping() },
        {
          name: 'client-service',
          check: async () => {
            if (!(await checkGrpcHealth(clientService.url))) throw new Error('client service not serving');
          },
        },
      ],
    });
    closers.push(() => gateway.close());
    await gateway.listen({ host: config.HOST, port: config.PORT });
    const address = gateway.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;

    const newApiKey = await ensureFirstWorkspace(tenancy, paths.apiKeyFile);
    return {
      gatewayUrl: `http://${config.HOST}:${port}`,
      clientServiceUrl: clientService.url,
      newApiKey,
      apiKeyFile: paths.apiKeyFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The first run creates a workspace and its first API key, and keeps the key for the user. */
async function ensureFirstWorkspace(tenancy: TenancyStore, apiKeyFile: string): Promise<string | undefined> {
  if ((await tenancy.listWorkspaces()).length > 0) return undefined;
  const workspace = await tenancy.createWorkspace('My workspace');
  const { key } = await tenancy.createApiKey(workspace.id, 'embedded default key');
  writeFileSync(apiKeyFile, `${key}\n`, { mode: 0o600 });
  return key;
}
