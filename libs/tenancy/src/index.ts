import { ApiKeyEntity } from './api-key-entity';
import { CreateTenancyTables1763800000000 } from './create-tenancy-tables-migration';
import { WorkspaceEntity } from './workspace-entity';

export { createTenancyStore } from './tenancy-store';
export type { TenancyStore, Workspace, ApiKeyInfo } from './tenancy-store';
export { parseBearerToken } from './parse-bearer-token';
export { looksLikeApiKey } from './api-key';

/** The tables of the tenancy store, for `openDataSource` on the gateway's database. */
export const tenancyEntities = [WorkspaceEntity, ApiKeyEntity];
export const tenancyMigrations = [CreateTenancyTables1763800000000];
