import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation } from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { CreateEmailTables1763900000000 } from './persistence/create-email-tables';
import { CreateInboundTables1764800000000 } from './persistence/create-inbound-tables';
import { AddDeliveryTracking1765000000000 } from './persistence/add-delivery-tracking';
import { AddDeliveryTraceContext1765100000000 } from './persistence/add-delivery-trace-context';

/**
 * The email service's TypeORM entities: its own tables are reached with SQL only; the outbox (it
 * produces `email.events`) and the consumer tables (processed_events, dead_letters) have entities.
 */
export const emailEntities = [...outboxEntities, ...consumerEntities];

/** The email service's migrations, oldest first. */
export const emailMigrations = [
  CreateEmailTables1763900000000,
  ...outboxMigrations,
  ...consumerMigrations,
  CreateInboundTables1764800000000,
  AddDeliveryTracking1765000000000,
  AddDeliveryTraceContext1765100000000,
];

/** Opens the email service's one database, migrated first unless `migrate` is false. */
export function openEmailDatabase(
  location: DatabaseLocation,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  return openDataSource({
    location,
    entities: emailEntities,
    migrations: emailMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}
