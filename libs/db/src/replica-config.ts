import { z } from 'zod';
import { urlSchema } from '@coldreach/config';

const postgresUrl = urlSchema(['postgres:', 'postgresql:']);

/**
 * `<SERVICE>_DATABASE_REPLICA_URLS`: one entry per shard, in the order of the shards' URLs, an empty
 * entry for a shard without a replica (`postgres://r0/db,,postgres://r2/db`). Unset or empty: none.
 * Entries are kept (not dropped when empty) so that position i is always shard i.
 */
export const replicaUrlsSchema = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.split(',').map((entry) => entry.trim()) : []))
  .pipe(
    z.array(
      z.string().refine((entry) => entry === '' || postgresUrl.safeParse(entry).success, {
        message:
          'must be empty (no replica for that shard) or a URL starting with postgres:// or postgresql://',
      }),
    ),
  )
  .transform((entries) => entries.map((entry) => (entry === '' ? undefined : entry)));

/**
 * The same variable for a service with one database: at most one URL, answered as the URL or
 * undefined. (The plural name keeps every service's variable alike.)
 */
export const oneReplicaUrlSchema = replicaUrlsSchema
  .refine((urls) => urls.length <= 1, {
    message: 'must be one URL (or empty): the database is not sharded',
  })
  .transform((urls) => urls[0]);

/** The knobs every service with replicas shares; spread into its config schema. */
export const replicaSettingsSchemas = {
  /** A replica further behind its primary than this serves no reads. */
  REPLICA_MAX_LAG_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .default(5000),
  /** How often replicas and primaries are asked for their WAL positions. */
  REPLICA_POLL_INTERVAL_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(50, 'must be at least 50')
    .default(500),
};

/**
 * For a schema's superRefine: a problem when there are more replica entries than shards (fewer is
 * fine: the shards after the last entry have none). Undefined when they fit.
 */
export function replicaCountProblem(replicaCount: number, shardCount: number): string | undefined {
  if (replicaCount <= shardCount) return undefined;
  return `lists ${replicaCount} replicas but there ${shardCount === 1 ? 'is 1 database' : `are ${shardCount} shards`}: give one entry per shard, in the same order, empty for none`;
}
