import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation } from '@coldreach/db';
import { consumerEntities, consumerMigrations } from '@coldreach/outbox';
import { CreateAnalyticsTables1765000000000 } from './persistence/create-analytics-tables';

/** The analytics service's TypeORM entities: only the consumer tables (the counters are raw SQL). */
export const analyticsEntities = [...consumerEntities];

/**
 * The analytics service's migrations, oldest first: the consumer tables (dead letters; its
 * processed event ids live in the analytics schema, beside the counters they guard) and the
 * analytics schema.
 */
export const analyticsMigrations = [...consumerMigrations, CreateAnalyticsTables1765000000000];

/** Opens the analytics database, migrating it first unless `migrate` is false. */
export function openAnalyticsDatabase(
  location: DatabaseLocation,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  return openDataSource({
    location,
    entities: analyticsEntities,
    migrations: analyticsMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}
