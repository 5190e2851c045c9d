import type { BucketShardSet } from '@coldreach/db';
import { ClientService } from '@coldreach/contracts';
import { ServingStatus, startGrpcServer, type GrpcServer } from '@coldreach/grpc';
import type { Logger } from '@coldreach/observability';
import { createClientUseCases } from './domain/client-use-cases';
import { createVerificationUseCases } from './domain/verification-use-cases';
import { createClientServiceHandlers } from './grpc/client-service-handlers';
import type { ClientReplicas } from './persistence/client-read-routing';
import { createClientStore } from './persistence/client-store';

export interface ClientServiceOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is on the returned server. */
  port: number;
  /** Opened (and migrated) by the caller, who also closes them after the server. */
  shards: BucketShardSet;
  /** The shards' read replicas for listings (opened and closed by the caller); unset: primaries only. */
  replicas?: ClientReplicas;
  logger: Logger;
}

/** Serves ClientService and grpc.health.v1 over gRPC (h2c) on `host:port`. */
export async function startClientService(options: ClientServiceOptions): Promise<GrpcServer> {
  const store = createClientStore(options.shards, options.replicas);
  const handlers = createClientServiceHandlers(
    createClientUseCases(store),
    createVerificationUseCases(store),
  );
  const server = await startGrpcServer({
    host: options.host,
    port: options.port,
    logger: options.logger,
    routes: (router) => router.service(ClientService, handlers),
  });
  server.health.set(ClientService.typeName, ServingStatus.SERVING);
  return server;
}
