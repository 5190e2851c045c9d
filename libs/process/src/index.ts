export { handleServiceShutdown } from './service-shutdown';
export type { ServiceShutdownOptions } from './service-shutdown';
