import { ApiKeyEntity } from './api-key-entity';
import { CreateTenancyTables1763800000000 } from './create-tenancy-tables-migration';
import { CreateUserTables1764900000000 } from './create-user-tables-migration';
import { MembershipEntity } from './membership-entity';
import { UserEntity } from './user-entity';
import { WorkspaceEntity } from './workspace-entity';

export { createTenancyStore } from './tenancy-store';
export { cacheApiKeys } from './api-key-cache';
export type { ApiKeyCacheOptions, CachingTenancyStore } from './api-key-cache';
export type { TenancyStore, Workspace, ApiKeyInfo } from './tenancy-store';
export { createUserStore, normaliseEmail } from './user-store';
export type { UserStore, User, Membership, MemberRole, SessionAccess, UserListing } from './user-store';
export { generatePassword, passwordProblem, minPasswordLength, maxPasswordLength } from './password';
export { parseBearerToken } from './parse-bearer-token';
export { looksLikeApiKey } from './api-key';

/** The tables of the tenancy store, for `openDataSource` on the gateway's database. */
export const tenancyEntities = [WorkspaceEntity, ApiKeyEntity, UserEntity, MembershipEntity];
export const tenancyMigrations = [CreateTenancyTables1763800000000, CreateUserTables1764900000000];
