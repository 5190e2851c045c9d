import { ClientService } from '@coldreach/contracts';
import type { ShardSet } from '@coldreach/db';
import type { EventBus } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { startOutboxRelay, type OutboxRelay } from '@coldreach/outbox';

export interface ClientEventRelayOptions {
  /** The client shards, each with its `outbox_events` table (see clientMigrations). */
  shards: ShardSet;
  bus: EventBus;
  logger: Logger;
  /** Pause after a round that found less than a full batch. Default 100 ms. */
  pollIntervalMs?: number;
}

/**
 * Publishes the client service's events (`clients.events`) from every shard's outbox to the bus.
 * Stop it after the gRPC server (no more writes) and before the bus and the shards.
 */
export function startClientEventRelay(options: ClientEventRelayOptions): OutboxRelay {
  return startOutboxRelay({
    shards: options.shards.shards,
    bus: options.bus,
    logger: options.logger,
    service: ClientService.typeName,
    pollIntervalMs: options.pollIntervalMs,
  });
}
