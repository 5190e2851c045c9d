export { hostKeyOf } from './host-gate';
export type { HostGate, HostGateOptions, HostGrant, HostLease } from './host-gate';
export { createInMemoryHostGate } from './in-memory-host-gate';
export type { InMemoryHostGate } from './in-memory-host-gate';
export { createRedisHostGate } from './redis-host-gate';
export type { RedisHostGateOptions } from './redis-host-gate';
export { acquireHost } from './acquire-host';
export { createConcurrencyLimit } from './concurrency-limit';
export type { ConcurrencyLimit } from './concurrency-limit';
