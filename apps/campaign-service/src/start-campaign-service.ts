import type { Client as RpcClient } from '@connectrpc/connect';
import type { DataSource } from 'typeorm';
import { CampaignService, type ClientService, type EmailService } from '@coldreach/contracts';
import { ServingStatus, startGrpcServer, type GrpcServer } from '@coldreach/grpc';
import type { Logger } from '@coldreach/observability';
import { createCampaignServiceUseCases } from './domain/campaign-service-use-cases';
import { createCampaignServiceHandlers } from './grpc/campaign-service-handlers';
import { createClientDirectory } from './grpc/client-directory';
import { createMailboxDirectory } from './grpc/mailbox-directory';
import { campaignShardsOf, type CampaignShards } from './campaign-shards';
import { createShardedCampaignStore } from './persistence/sharded-campaign-store';

export interface CampaignServiceOptions {
  host: string;
  /** 0 picks a free port (tests); the bound one is on the returned server. */
  port: number;
  /** The campaign shards (see openCampaignShards), opened and closed by the caller. */
  shards?: CampaignShards;
  /** Or one campaign database: a single shard. Exactly one of the two. */
  dataSource?: DataSource;
  /** ClientService: GetClient before CreateTask, BatchGetClients / ListClients for AddLeads. */
  clients: RpcClient<typeof ClientService>;
  /** EmailService: GetMailbox to check a campaign's mailboxes. */
  email: RpcClient<typeof EmailService>;
  logger: Logger;
}

/** Serves CampaignService and grpc.health.v1 over gRPC (h2c) on `host:port`. */
export async function startCampaignService(options: CampaignServiceOptions): Promise<GrpcServer> {
  const useCases = createCampaignServiceUseCases({
    store: createShardedCampaignStore(campaignShardsOf(options)),
    clients: createClientDirectory(options.clients),
    mailboxes: createMailboxDirectory(options.email),
  });
  const server = await startGrpcServer({
    host: options.host,
    port: options.port,
    logger: options.logger,
    routes: (router) => router.service(CampaignService, createCampaignServiceHandlers(useCases)),
  });
  server.health.set(CampaignService.typeName, ServingStatus.SERVING);
  return server;
}
