import * as ids from '@coldreach/ids';
export { openPgliteHost, quoteIdent } from './pglite-host';
export type { PgliteHost } from './pglite-host';
export { openDataSource } from './open-data-source';
export type { DatabaseLocation, OpenDataSourceOptions } from './open-data-source';
export { openShardSet, shardIndexFor, singleShardSet } from './shard-set';
export type { ShardSet } from './shard-set';
export { isUniqueViolation } from './pg-errors';
export { queryRows, assertInTransaction } from './query-rows';

// Kept while the services move their imports; domain code should not import a database library for ids.
/** @deprecated import from @coldreach/ids */
export const isUuid = ids.isUuid;
/** @deprecated import from @coldreach/ids */
export const uuidFromParts = ids.uuidFromParts;
export { BUCKET_COUNT, bucketFor, bucketSql, initialBucketOwners } from './buckets';
export { openBucketShardSet } from './bucket-shard-set';
export type { BucketShardSet, BucketShardSetOptions } from './bucket-shard-set';
export { readBucketMap, readMapVersion } from './bucket-map';
export type { BucketMap } from './bucket-map';
export { BucketMovedError, BucketWriteRetriesExhaustedError } from './bucket-moved-error';
export { bucketMigrations } from './create-bucket-tables';
export { reshard } from './mover/reshard';
export type { ReshardOptions, ReshardProgress } from './mover/reshard';
export { readOpenJob, unitStates } from './mover/reshard-journal';
export type { ReshardJob, UnitState } from './mover/reshard-journal';
export { planOwners } from './mover/reshard-plan';
export type { BucketedTable } from './mover/table-rows';
export { bucketColumnsMigration } from './mover/bucket-columns';
export { openReadReplicas } from './replica-reads';
export type { ReadReplicas, ReadReplicasOptions } from './replica-reads';
export type { ReplicaState } from './replica-monitor';
export type { RedisForMarks } from './replica-write-marks';
export {
  oneReplicaUrlSchema,
  replicaCountProblem,
  replicaSettingsSchemas,
  replicaUrlsSchema,
} from './replica-config';
