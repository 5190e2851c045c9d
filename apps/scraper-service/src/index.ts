export { startScraperService, scraperTopics, scraperAllowListName } from './start-scraper-service';
export type { CrawlOptions, RunningScraperService, ScraperServiceOptions } from './start-scraper-service';
export { openScraperDatabase, scraperEntities, scraperMigrations } from './scraper-database';
export {
  crawlEnvShape,
  crawlSettingsOf,
  readScraperServiceConfig,
  scraperServiceConfigSchema,
} from './config';
export type { ScraperServiceConfig } from './config';
export { verificationEnvShape, verificationSettingsOf } from './verification/verification-config';
export type { VerificationSettings } from './verification/verification-config';
export { createInMemoryHostGate, createRedisHostGate } from './politeness';
export type { HostGate } from './politeness';
