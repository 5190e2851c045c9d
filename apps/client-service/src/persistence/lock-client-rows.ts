import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Client } from '../domain/client';
import { rowToClient, type ClientRow } from './record-mapping';

/**
 * The clients among `keys` (each id within its workspace) as they are, locked for the caller's
 * transaction in id order (as every batch write goes, so concurrent batches never deadlock), by id.
 */
export async function lockClientRows(
  manager: EntityManager,
  keys: readonly { workspaceId: string; id: string }[],
): Promise<Map<string, Client>> {
  const rows = await queryRows<ClientRow>(
    manager,
    `SELECT c.* FROM clients c
     JOIN unnest($1::uuid[], $2::uuid[]) AS d(workspace_id, id) USING (workspace_id, id)
     ORDER BY c.id FOR UPDATE OF c`,
    [keys.map((key) => key.workspaceId), keys.map((key) => key.id)],
  );
  return new Map(rows.map((row) => [row.id, rowToClient(row)]));
}
