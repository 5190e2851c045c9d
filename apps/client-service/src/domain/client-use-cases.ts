import { randomUUID } from 'node:crypto';
import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { pageOf } from '@coldreach/paging';
import type { Client, ClientFields, ClientInput } from './client';
import { fieldKeys } from './changed-fields';
import { deriveClientId, isUuid } from './client-id';
import type { ClientStore } from './client-store';
import { validateListRequest, type ListRequestInput } from './list-request';
import { groupBatchByEmail } from './merge-client-inputs';
import { parseUpdateMask } from './update-mask';
import { validateClientInput } from './validate-client-input';

export const maxBatchSize = 1000;

export type UpsertOutcomeName = 'created' | 'merged' | 'rejected';

export interface UpsertItemResult {
  index: number;
  outcome: UpsertOutcomeName;
  /** Empty when rejected. */
  clientId: string;
  /** Set when rejected: each bad field and its problem. */
  reason: string;
}

export type ClientUseCases = ReturnType<typeof createClientUseCases>;

/** The ClientService rules, independent of gRPC: validation, identity, merging, pagination. */
export function createClientUseCases(store: ClientStore, clock: () => Date = () => new Date()) {
  return {
    async createClient(workspaceId: string, input: ClientInput): Promise<Client> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const { value, violations } = validateClientInput(input, { prefix: 'client' });
      if (violations.length > 0) throw invalidArgument(violations);
      const now = clock();
      const { verificationStatus, email, ...fields } = value;
      return store.create({
        ...fields,
        id: deriveClientId(workspace, email),
        workspaceId: workspace,
        email,
        verificationStatus: verificationStatus ?? 'unverified',
        verification: null,
        createTime: now,
        updateTime: now,
      });
    },

    async getClient(workspaceId: string, id: string): Promise<Client> {
      const [workspace, clientId] = requireIds(workspaceId, id);
      return store.get(workspace, clientId);
    },

    async batchGetClients(
      workspaceId: string,
      ids: readonly string[],
    ): Promise<{ clients: Client[]; missingIds: string[] }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if (ids.length > maxBatchSize)
        throw invalidArgument([{ field: 'ids', message: `must hold at most ${maxBatchSize} ids` }]);
      const violations: FieldViolation[] = [];
      ids.forEach(
        (id, index) => isUuid(id) || violations.push({ field: `ids[${index}]`, message: 'must be a UUID' }),
      );
      if (violations.length > 0) throw invalidArgument(violations);
      const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
      const found = new Map((await store.batchGet(workspace, wanted)).map((client) => [client.id, client]));
      return {
        clients: wanted.flatMap((id) => found.get(id) ?? []),
        missingIds: wanted.filter((id) => !found.has(id)),
      };
    },

    async listClients(
      workspaceId: string,
      request: ListRequestInput,
    ): Promise<{ clients: Client[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const query = validateListRequest(workspace, request);
      // One extra row tells whether another page follows without a count query.
      const rows = await store.list(workspace, query.filter, query.after, query.pageSize + 1, query.order);
      const { items: clients, nextPageToken } = pageOf(
        rows,
        query.pageSize,
        (client) => ({ time: client.createTime, key: client.id }),
        query.fingerprint,
      );
      return { clients, nextPageToken };
    },

    async updateClient(
      workspaceId: string,
      id: string,
      input: ClientInput,
      maskPaths: readonly string[],
    ): Promise<Client> {
      const [workspace, clientId] = requireIds(workspaceId, id);
      const fields = parseUpdateMask(maskPaths);
      const { value, violations } = validateClientInput(input, { prefix: 'client', fields });
      if (violations.length > 0) throw invalidArgument(violations);
      // A masked field takes the given value, even an empty one (that is how a field is cleared); a
      // masked but unspecified status means the default, as on create.
      const given: ClientFields = { ...value, verificationStatus: value.verificationStatus ?? 'unverified' };
      const change = (current: Client): ClientFields => {
        const next: ClientFields = { ...current };
        for (const field of fields) Object.assign(next, { [fieldKeys[field]]: given[fieldKeys[field]] });
        return next;
      };
      return store.update(workspace, clientId, change, clock());
    },

    async deleteClient(workspaceId: string, id: string): Promise<void> {
      const [workspace, clientId] = requireIds(workspaceId, id);
      await store.delete(workspace, clientId, clock());
    },

    async upsertClients(workspaceId: string, inputs: readonly ClientInput[]): Promise<UpsertItemResult[]> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if (inputs.length > maxBatchSize) {
        throw invalidArgument([{ field: 'clients', message: `must hold at most ${maxBatchSize} items` }]);
      }
      const results: UpsertItemResult[] = [];
      const valid = inputs.flatMap((input, index) => {
        const { value, violations } = validateClientInput(input);
        if (violations.length === 0) return [{ index, input: value }];
        const reason = violations.map((v) => `${v.field}: ${v.message}`).join('; ');
        results[index] = { index, outcome: 'rejected', clientId: '', reason };
        return [];
      });
      const groups = groupBatchByEmail(valid).map((group) => ({
        ...group,
        id: deriveClientId(workspace, group.input.email),
      }));
      const now = clock();
      const inserted = await store.upsert(workspace, groups, now);
      for (const group of groups) {
        group.indexes.forEach((index, position) => {
          const created = position === 0 && inserted.get(group.id) === true;
          results[index] = { index, outcome: created ? 'created' : 'merged', clientId: group.id, reason: '' };
        });
      }
      const count = (outcome: UpsertOutcomeName) => results.filter((r) => r.outcome === outcome).length;
      await store.recordImport(
        workspace,
        {
          importId: randomUUID(),
          receivedCount: inputs.length,
          createdCount: count('created'),
          mergedCount: count('merged'),
          rejectedCount: count('rejected'),
        },
        now,
      );
      return results;
    },
  };
}

/** The id in lower case, or INVALID_ARGUMENT naming `field`. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw invalidArgument([{ field, message: 'must be a UUID' }]);
  return value.toLowerCase();
}

/** Both ids of a call on one client, naming each one that is not a UUID. */
function requireIds(workspaceId: string, id: string): [workspace: string, clientId: string] {
  const violations: FieldViolation[] = [];
  if (!isUuid(workspaceId)) violations.push({ field: 'workspace_id', message: 'must be a UUID' });
  if (!isUuid(id)) violations.push({ field: 'id', message: 'must be a UUID' });
  if (violations.length > 0) throw invalidArgument(violations);
  return [workspaceId.toLowerCase(), id.toLowerCase()];
}
