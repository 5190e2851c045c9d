import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation } from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { CreateScraperTables1764900000000 } from './persistence/create-scraper-tables';
import { OpenUrlsByKey1764990000000 } from './persistence/open-urls-by-key';
import { CreateVerificationTables1765000000000 } from './verification/create-verification-tables';

/** The scraper's TypeORM entities: its own tables are reached with SQL only; the outbox and the consumers' tables have entities. */
export const scraperEntities = [...outboxEntities, ...consumerEntities];

/** The scraper's migrations, oldest first. */
export const scraperMigrations = [
  CreateScraperTables1764900000000,
  ...outboxMigrations,
  OpenUrlsByKey1764990000000,
  CreateVerificationTables1765000000000,
  ...consumerMigrations,
];

/** Opens the scraper service's one database, migrated first unless `migrate` is false. */
export function openScraperDatabase(
  location: DatabaseLocation,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  return openDataSource({
    location,
    entities: scraperEntities,
    migrations: scraperMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}
