import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { PgliteHost } from './pglite-host';
import { watchPool } from './pool-metrics';

/** Where one logical database lives: a PostgreSQL URL, or a schema of the process's PGlite. */
export type DatabaseLocation = { url: string } | { pglite: PgliteHost; schema: string };

export interface OpenDataSourceOptions {
  location: DatabaseLocation;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function | string>;
  /** Run pending migrations before returning (each in its own transaction). */
  migrate?: boolean;
  /** Pool size per process for PostgreSQL. */
  poolSize?: number;
}

/** Opens a TypeORM data source on PostgreSQL or PGlite. Never `synchronize`: schemas come from migrations. */
export async function openDataSource(options: OpenDataSourceOptions): Promise<DataSource> {
  const { location } = options;
  const common = {
    type: 'postgres' as const,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false as const,
    installExtensions: false,
  };
  const dataSource =
    'url' in location
      ? new DataSource({
          ...common,
          url: location.url,
          extra: {
            max: options.poolSize ?? 10,
            connectionTimeoutMillis: 5000,
            // A broken network must fail queries, not hang them.
            keepAlive: true,
            application_name: 'coldreach',
          },
        })
      : new DataSource({ ...common, driver: location.pglite.driverFor(location.schema) });
  await dataSource.initialize();
  try {
    if (options.migrate) await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  if ('url' in location) watchPool(dataSource, decodeURIComponent(new URL(location.url).pathname.slice(1)));
  return dataSource;
}
