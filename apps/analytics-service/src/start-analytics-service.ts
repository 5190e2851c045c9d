import type { DataSource } from 'typeorm';
import type { ReadReplicas } from '@coldreach/db';
import { AnalyticsService } from '@coldreach/contracts';
import { ServingStatus, startGrpcServer, type GrpcServer } from '@coldreach/grpc';
import type { Logger } from '@coldreach/observability';
import { createAnalyticsUseCases } from './domain/analytics-use-cases';
import { createAnalyticsServiceHandlers } from './grpc/analytics-service-handlers';
import { createAnalyticsStore } from './persistence/analytics-store';

export interface AnalyticsServiceOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is on the returned server. */
  port: number;
  /** Opened (and migrated) by the caller, who also closes it after the server. */
  dataSource: DataSource;
  /** Where the read RPCs query (its replica, within the lag bound); unset: `dataSource`. Closed by the caller. */
  replicas?: ReadReplicas;
  logger: Logger;
  clock?: () => Date;
}

/** Serves AnalyticsService and grpc.health.v1 over gRPC (h2c) on `host:port`. */
export async function startAnalyticsService(options: AnalyticsServiceOptions): Promise<GrpcServer> {
  const useCases = createAnalyticsUseCases(
    createAnalyticsStore(options.dataSource, undefined, options.replicas),
    options.clock,
  );
  const server = await startGrpcServer({
    host: options.host,
    port: options.port,
    logger: options.logger,
    routes: (router) => router.service(AnalyticsService, createAnalyticsServiceHandlers(useCases)),
  });
  server.health.set(AnalyticsService.typeName, ServingStatus.SERVING);
  return server;
}
