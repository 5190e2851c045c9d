export { handleServiceShutdown } from './service-shutdown';
export type { ServiceShutdownOptions } from './service-shutdown';
export { createStartupCleanup } from './startup-cleanup';
export type { StartupCleanup } from './startup-cleanup';
export { createWakeableSleep } from './wakeable-sleep';
export type { WakeableSleep } from './wakeable-sleep';
export { cappedBackoffMs } from './capped-backoff';
export type { CappedBackoff } from './capped-backoff';
