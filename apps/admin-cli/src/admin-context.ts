import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import {
  createTenancyStore,
  createUserStore,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
  type UserStore,
} from '@coldreach/tenancy';
import { CommandError } from './cli-errors';
import type { AdminConfig } from './config';
import { openAdminDatabases, type AdminDatabases } from './admin-databases';

/** What a command may use; databases are opened on first use, so `help` and bad usage touch nothing. */
export interface AdminContext {
  print(line?: string): void;
  databases(): Promise<AdminDatabases>;
  /** The tenancy store on the gateway database, which must be migrated already. */
  tenancyStore(): Promise<TenancyStore>;
  /** The dashboard's users and memberships, on the same database. */
  userStore(): Promise<UserStore>;
  /** The Kafka brokers from KAFKA_BROKERS, or a CommandError saying it is needed. */
  kafkaBrokers(): string[];
}

export function createAdminContext(
  config: () => AdminConfig,
  print: (line?: string) => void,
): AdminContext & { close(): Promise<void> } {
  let databases: Promise<AdminDatabases> | undefined;
  let gateway: Promise<DataSource> | undefined;

  async function openGateway(): Promise<DataSource> {
    const dataSource = await openDataSource({
      location: (await context.databases()).gateway,
      entities: tenancyEntities,
      migrations: tenancyMigrations,
    });
    try {
      if (await dataSource.showMigrations()) {
        throw new CommandError(
          'the gateway database is not migrated yet: run `npm run admin -- migrate` first',
        );
      }
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return dataSource;
  }

  const context = {
    print,
    databases: () => (databases ??= openAdminDatabases(config())),
    kafkaBrokers() {
      const brokers = config().kafkaBrokers;
      if (!brokers) {
        throw new CommandError('KAFKA_BROKERS is required (comma-separated host:port of the Kafka brokers)');
      }
      return brokers;
    },
    async tenancyStore() {
      gateway ??= openGateway();
      return createTenancyStore(await gateway);
    },
    async userStore() {
      gateway ??= openGateway();
      return createUserStore(await gateway);
    },
    async close() {
      // Settle first: a failed open has nothing to close.
      const [openedGateway, openedDatabases] = await Promise.allSettled([gateway, databases]);
      if (openedGateway.status === 'fulfilled' && openedGateway.value?.isInitialized)
        await openedGateway.value.destroy();
      if (openedDatabases.status === 'fulfilled' && openedDatabases.value)
        await openedDatabases.value.close();
    },
  };
  return context;
}
