import { isUuid } from '@coldreach/ids';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { invalidArgument, notFound } from '@coldreach/errors';
import { displayPrefixOf, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';
import { ApiKeyEntity } from './api-key-entity';
import { WorkspaceEntity } from './workspace-entity';

export interface Workspace {
  id: string;
  name: string;
  createdAt: Date;
}

/** What may be shown about a key: everything but the key. */
export interface ApiKeyInfo {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface TenancyStore {
  createWorkspace(name: string): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;
  listWorkspaces(): Promise<Workspace[]>;
  /** The only place the key itself is ever returned: show it once, it cannot be recovered. */
  createApiKey(workspaceId: string, name: string): Promise<{ key: string; apiKey: ApiKeyInfo }>;
  listApiKeys(workspaceId?: string): Promise<ApiKeyInfo[]>;
  /** True when the key exists (revoked now or before), false when there is no such key. */
  revokeApiKey(id: string): Promise<boolean>;
  /** The workspace a presented key belongs to; null for a malformed, unknown or revoked key. */
  authenticate(presentedKey: string): Promise<{ workspaceId: string; keyId: string } | null>;
  ping(): Promise<void>;
}

const maxNameLength = 200;
/** How stale `last_used_at` may get: recording every use would add a write to every request. */
const lastUsedResolutionMs = 60_000;
// eslint-disable-next-line no-control-regex -- names are printed by the CLI; control characters could rewrite the terminal
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** Workspaces and API keys, stored in the gateway's database (see `tenancyEntities`). */
export function createTenancyStore(dataSource: DataSource): TenancyStore {
  const workspaces = dataSource.getRepository(WorkspaceEntity);
  const apiKeys = dataSource.getRepository(ApiKeyEntity);

  return {
    async createWorkspace(name) {
      const row: WorkspaceEntity = { id: randomUUID(), name: validName(name), createdAt: new Date() };
      await workspaces.insert(row);
      return toWorkspace(row);
    },

    async getWorkspace(id) {
      // A malformed id names no workspace; asking PostgreSQL would only raise a cast error.
      if (!isUuid(id)) return null;
      const row = await workspaces.findOneBy({ id });
      return row ? toWorkspace(row) : null;
    },

    async listWorkspaces() {
      return (await workspaces.find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(toWorkspace);
    },

    async createApiKey(workspaceId, name) {
      const keyName = validName(name);
      if (!isUuid(workspaceId) || !(await workspaces.existsBy({ id: workspaceId }))) {
        throw notFound(`workspace ${workspaceId}`);
      }
      const key = generateApiKey();
      const row: ApiKeyEntity = {
        id: randomUUID(),
        workspaceId,
        name: keyName,
        prefix: displayPrefixOf(key),
        keyHash: hashApiKey(key),
        createdAt: new Date(),
        lastUsedAt: null,
        revokedAt: null,
      };
      try {
        await apiKeys.insert(row);
      } catch (error) {
        // The workspace may have been deleted between the check and the insert (foreign key).
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23503') {
          throw notFound(`workspace ${workspaceId}`);
        }
        throw error;
      }
      return { key, apiKey: toApiKeyInfo(row) };
    },

    async listApiKeys(workspaceId) {
      if (workspaceId !== undefined && !isUuid(workspaceId)) return [];
      const rows = await apiKeys.find({
        where: workspaceId === undefined ? {} : { workspaceId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      return rows.map(toApiKeyInfo);
    },

    async revokeApiKey(id) {
      if (!isUuid(id)) return false;
      // Revoking twice keeps the first revocation time.
      await apiKeys
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND revoked_at IS NULL', { id })
        .execute();
      return apiKeys.existsBy({ id });
    },

    async authenticate(presentedKey) {
      if (!looksLikeApiKey(presentedKey)) return null;
      // Looking up by the hash is the comparison: the index matches whole digests, and timing can at
      // most reveal something about a SHA-256 digest, which says nothing about any key.
      const row = await apiKeys.findOneBy({ keyHash: hashApiKey(presentedKey) });
      if (!row || row.revokedAt !== null) return null;
      if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
        // The condition is repeated in SQL so that replicas racing on the same key write once.
        await apiKeys
          .createQueryBuilder()
          .update()
          .set({ lastUsedAt: () => 'now()' })
          .where(`id = :id AND (last_used_at IS NULL OR last_used_at <= now() - interval '1 minute')`, {
            id: row.id,
          })
          .execute();
      }
      return { workspaceId: row.workspaceId, keyId: row.id };
    },

    async ping() {
      await dataSource.query('SELECT 1');
    },
  };
}

function validName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') throw invalidArgument([{ field: 'name', message: 'must not be empty' }]);
  if (trimmed.length > maxNameLength) {
    throw invalidArgument([{ field: 'name', message: `must be at most ${maxNameLength} characters` }]);
  }
  if (controlCharacters.test(trimmed)) {
    throw invalidArgument([{ field: 'name', message: 'must not contain control characters' }]);
  }
  return trimmed;
}

function toWorkspace(row: WorkspaceEntity): Workspace {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

function toApiKeyInfo(row: ApiKeyEntity): ApiKeyInfo {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
