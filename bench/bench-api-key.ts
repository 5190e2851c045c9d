import { openDataSource } from '@coldreach/db';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';

/**
 * A workspace named "bench" and an API key for it in a gateway database (migrated here first), made
 * before the gateway process starts.
 */
export async function createBenchApiKey(
  gatewayDatabaseUrl: string,
): Promise<{ key: string; workspaceId: string }> {
  const tenancyDb = await openDataSource({
    location: { url: gatewayDatabaseUrl },
    entities: tenancyEntities,
    migrations: tenancyMigrations,
    migrate: true,
  });
  try {
    const tenancy = createTenancyStore(tenancyDb);
    const workspace = await tenancy.createWorkspace('bench');
    const { key } = await tenancy.createApiKey(workspace.id, 'bench');
    return { key, workspaceId: workspace.id };
  } finally {
    await tenancyDb.destroy();
  }
}
