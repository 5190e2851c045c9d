export { openPgliteHost, quoteIdent } from './pglite-host';
export type { PgliteHost } from './pglite-host';
export { openDataSource } from './open-data-source';
export type { DatabaseLocation, OpenDataSourceOptions } from './open-data-source';
export { openShardSet, shardIndexFor } from './shard-set';
export type { ShardSet } from './shard-set';
export { isUniqueViolation } from './pg-errors';
export { queryRows, assertInTransaction } from './query-rows';
export { isUuid } from './is-uuid';
