export { startClientService } from './start-client-service';
export type { ClientServiceOptions } from './start-client-service';
export { openClientShards, clientEntities, clientMigrations } from './client-shards';
export { readClientServiceConfig, clientServiceConfigSchema } from './config';
export type { ClientServiceConfig } from './config';
export { deriveClientId } from './domain/client-id';
export { normaliseEmail } from './domain/email';
export { ClientRecord } from './persistence/client-record';
