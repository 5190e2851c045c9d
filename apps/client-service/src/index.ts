export { startClientService } from './start-client-service';
export type { ClientServiceOptions } from './start-client-service';
export { startClientEventRelay } from './client-event-relay';
export type { ClientEventRelayOptions } from './client-event-relay';
export { startScrapeEventsConsumer, scrapeEventsTopic } from './events/scrape-events-consumer';
export type { ScrapeEventsConsumerOptions } from './events/scrape-events-consumer';
export { startEmailEventsConsumer, emailEventsTopic } from './events/email-events-consumer';
export type { EmailEventsConsumerOptions } from './events/email-events-consumer';
export {
  openClientShards,
  clientEntities,
  clientMigrations,
  clientBucketedTables,
  clientCopiedTables,
} from './client-shards';
export { readClientServiceConfig, clientServiceConfigSchema } from './config';
export type { ClientServiceConfig } from './config';
export { deriveClientId } from './domain/client-id';
export { waitForOutboxDrain } from './persistence/outbox-drain';
export { normaliseEmail } from '@coldreach/email-address';
export { ClientRecord } from './persistence/client-record';
