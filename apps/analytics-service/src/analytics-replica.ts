import type { DataSource } from 'typeorm';
import { openReadReplicas, type ReadReplicas } from '@coldreach/db';
import type { Logger } from '@coldreach/observability';

export interface AnalyticsReplicaOptions {
  /** The analytics database's replica; undefined: reads stay on the primary. */
  url: string | undefined;
  maxLagMs?: number;
  pollIntervalMs?: number;
}

/**
 * The read side of the analytics database: its replica when one is configured. The counters are
 * written only by the events consumer, never on behalf of a caller, so nothing here notes writes:
 * an answer may trail the primary by up to the lag bound, as it already trails the events by the
 * consumer's lag (the answers' `as_of_time` says how far).
 */
export function openAnalyticsReplica(
  primary: DataSource,
  options: AnalyticsReplicaOptions,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<ReadReplicas> {
  return openReadReplicas({
    primaries: [primary],
    replicaUrls: [options.url],
    name: 'analytics',
    maxLagMs: options.maxLagMs,
    pollIntervalMs: options.pollIntervalMs,
    // No entities: the counters are read with raw SQL.
    logger,
  });
}
