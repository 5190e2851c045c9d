import { openReadReplicas, type BucketShardSet } from '@coldreach/db';
import type { Logger } from '@coldreach/observability';
import { clientEntities } from './client-shards';
import type { ClientServiceConfig } from './config';
import { mapSettleMsFor, type ClientReplicas } from './persistence/client-read-routing';

/**
 * Opens the client shards' read replicas (none configured: every read stays on the primaries, with
 * no polling). The service has no Redis client, so write marks live in this process's memory: a
 * write is seen by the next listing through the same pod; through another pod, once the replica
 * has replayed it (within the lag bound).
 */
export async function openClientReplicas(
  shards: BucketShardSet,
  config: Pick<
    ClientServiceConfig,
    'replicaUrls' | 'replicaMaxLagMs' | 'replicaPollIntervalMs' | 'kafkaNamespace'
  >,
  logger: Logger,
): Promise<ClientReplicas> {
  const replicas = await openReadReplicas({
    primaries: shards.shards,
    replicaUrls: config.replicaUrls,
    name: `${config.kafkaNamespace ?? 'default'}:clients`,
    maxLagMs: config.replicaMaxLagMs,
    pollIntervalMs: config.replicaPollIntervalMs,
    entities: clientEntities,
    logger,
  });
  return { replicas, mapSettleMs: mapSettleMsFor(config.replicaMaxLagMs, config.replicaPollIntervalMs) };
}
