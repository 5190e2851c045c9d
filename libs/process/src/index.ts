export { handleServiceShutdown } from './service-shutdown';
export type { ServiceShutdownOptions } from './service-shutdown';
export { createWakeableSleep } from './wakeable-sleep';
export type { WakeableSleep } from './wakeable-sleep';
export { cappedBackoffMs } from './capped-backoff';
export type { CappedBackoff } from './capped-backoff';
