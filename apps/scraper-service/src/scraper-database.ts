import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation } from '@coldreach/db';
import { outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { CreateScraperTables1764900000000 } from './persistence/create-scraper-tables';
import { OpenUrlsByKey1764990000000 } from './persistence/open-urls-by-key';

/** The scraper's TypeORM entities: its own tables are reached with SQL only; the outbox has entities. */
export const scraperEntities = [...outboxEntities];

/** The scraper's migrations, oldest first. */
export const scraperMigrations = [
  CreateScraperTables1764900000000,
  ...outboxMigrations,
  OpenUrlsByKey1764990000000,
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
