import type { DataSource } from 'typeorm';
import type { Client } from '../domain/client';
import { rowToClient, type ClientRow } from './record-mapping';

/*
 * The hot reads (clients by id here, a listing's pages in list-clients-query.ts) as plain
 * parameterised SQL mapped row by row: TypeORM's query builder and entity hydration cost several
 * times the query itself in CPU (issue 18 §1). `DataSource.query` answers a SELECT's rows on
 * node-postgres and on PGlite alike.
 */

/** Every column a Client is made of, in ClientRow's names. */
export const clientColumns = `id, workspace_id, email, first_name, last_name, company, title, phone, website,
  source_url, collected_at, verification_status, tags, custom_fields, verification_verdict,
  verification_reasons, verification_mx_host, verification_checked_at, verification_from_cache,
  created_at, updated_at`;

const byIdSql = `SELECT ${clientColumns} FROM clients WHERE workspace_id = $1 AND id = $2`;
const byIdsSql = `SELECT ${clientColumns} FROM clients WHERE workspace_id = $1 AND id = ANY($2::uuid[])`;

export async function findClient(shard: DataSource, workspaceId: string, id: string): Promise<Client | null> {
  const [row] = (await shard.query(byIdSql, [workspaceId, id])) as ClientRow[];
  return row ? rowToClient(row) : null;
}

/** The clients of `workspaceId` among `ids` (all on this shard), in no particular order. */
export async function findClients(
  shard: DataSource,
  workspaceId: string,
  ids: readonly string[],
): Promise<Client[]> {
  const rows = (await shard.query(byIdsSql, [workspaceId, ids])) as ClientRow[];
  return rows.map(rowToClient);
}
