// Test support for the offline reshard spec: a few workspaces' rows in the email and campaign
// ledgers, and every row of a service's moved tables (where it is, and a hash of its content).
import { randomUUID } from 'node:crypto';
import type { BucketShardSet, BucketedTable } from '@coldreach/db';

/** Inserts, through the service's own routing, each workspace's email ledger rows. */
export async function seedEmail(set: BucketShardSet, workspaces: readonly string[]): Promise<void> {
  for (const workspace of workspaces) {
    await set.writeTransaction(workspace.toLowerCase(), async (manager) => {
      const mailboxes = [randomUUID(), randomUUID()];
      for (const mailbox of mailboxes) {
        await manager.query(
          `INSERT INTO mailboxes (id, workspace_id, name, from_address, daily_cap)
           VALUES ($1, $2, 'seeded', 'sender@example.com', 100)`,
          [mailbox, workspace],
        );
      }
      await manager.query(
        'INSERT INTO inbox_readers (mailbox_id, uidvalidity, last_uid) VALUES ($1, 7, 42)',
        [mailboxes[0]],
      );
      await manager.query(
        `INSERT INTO deliveries (id, workspace_id, client_id, mailbox_id, to_address, recipient, subject_template,
           status, scheduled_at, message_id)
         SELECT gen_random_uuid(), $1, gen_random_uuid(), $2, 'lead' || n || '@example.com', '{}', 'Hello',
           'sent', now(), '<' || n || '@example.com>'
         FROM generate_series(1, 5) AS n`,
        [workspace, mailboxes[0]],
      );
      await manager.query(
        `INSERT INTO suppressions (workspace_id, email, reason)
         SELECT $1, 'gone' || n || '@example.com', 'manual' FROM generate_series(1, 3) AS n`,
        [workspace],
      );
      await manager.query(
        `INSERT INTO inbound_messages (id, workspace_id, mailbox_id, kind, receive_time)
         VALUES (gen_random_uuid(), $1, $2, 'reply', now())`,
        [workspace, mailboxes[0]],
      );
      await manager.query('INSERT INTO paused_campaigns (campaign_id, workspace_id) VALUES ($1, $2)', [
        randomUUID(),
        workspace,
      ]);
      await manager.query(
        "INSERT INTO processed_events (consumer_group, event_id) VALUES ('email-commands', $1)",
        [randomUUID()],
      );
    });
  }
}

/** Inserts each workspace's campaigns with their steps, leads (composite key) and tasks. */
export async function seedCampaigns(set: BucketShardSet, workspaces: readonly string[]): Promise<void> {
  for (const workspace of workspaces) {
    await set.writeTransaction(workspace.toLowerCase(), async (manager) => {
      for (let campaign = 0; campaign < 2; campaign++) {
        const id = randomUUID();
        const step = randomUUID();
        await manager.query(
          `INSERT INTO campaigns (id, workspace_id, name, status, target_criteria, schedule, created_at, updated_at)
           VALUES ($1, $2, 'seeded', 'active', '{}', '{}', now(), now())`,
          [id, workspace],
        );
        await manager.query(
          `INSERT INTO campaign_steps (id, workspace_id, campaign_id, position, delay_minutes, subject_template,
             text_body_template, html_body_template, created_at, updated_at)
           VALUES ($1, $2, $3, 1, 0, 'Hi', 'Hi', '', now(), now())`,
          [step, workspace, id],
        );
        await manager.query(
          `INSERT INTO campaign_leads (campaign_id, client_id, workspace_id, email, state, added_at)
           SELECT $1, gen_random_uuid(), $2, 'lead' || n || '@example.com', 'active', now()
           FROM generate_series(1, 4) AS n`,
          [id, workspace],
        );
        await manager.query(
          `INSERT INTO campaign_tasks (id, workspace_id, campaign_id, client_id, step_id, step_position, status,
             not_before, due_at, mailbox_id, created_at, updated_at)
           SELECT gen_random_uuid(), $2, $1, client_id, $3, 1, 'pending', now(), now(), gen_random_uuid(), now(), now()
           FROM campaign_leads WHERE campaign_id = $1 LIMIT 3`,
          [id, workspace, step],
        );
      }
    });
  }
}

export interface PlacedRow {
  shard: number;
  bucket: number;
  workspace: string | null;
  hash: string;
}

/**
 * Every row of `tables` on every shard, by table and key: its shard, its bucket (a table moved
 * `via` a parent has its parent's) and an md5 of its text. A key found twice fails the test.
 */
export async function placedRows(
  set: BucketShardSet,
  tables: readonly BucketedTable[],
): Promise<Map<string, Map<string, PlacedRow>>> {
  const byTable = new Map<string, Map<string, PlacedRow>>();
  const twice: string[] = [];
  for (const table of tables) {
    const rows = new Map<string, PlacedRow>();
    const keys = (typeof table.key === 'string' ? [table.key] : table.key).map((column) => `t.${column}`);
    const bucket = table.via
      ? `(SELECT p.bucket FROM ${table.via.parent} p WHERE p.${table.via.parentKey} = t.${table.via.column})`
      : 't.bucket';
    const workspace = table.via ? 'NULL' : 't.workspace_id::text';
    for (const [shard, source] of set.shards.entries()) {
      const found = (await source.query(
        `SELECT json_build_array(${keys.join(', ')})::text AS k, ${bucket} AS bucket, ${workspace} AS w,
                md5(t::text) AS h
         FROM ${table.name} t`,
      )) as { k: string; bucket: number; w: string | null; h: string }[];
      for (const row of found) {
        if (rows.has(row.k)) twice.push(`${table.name} ${row.k}`);
        rows.set(row.k, { shard, bucket: Number(row.bucket), workspace: row.w, hash: row.h });
      }
    }
    byTable.set(table.name, rows);
  }
  expect(twice.slice(0, 5)).toEqual([]);
  return byTable;
}

/** The rows of `placed` not on the shard the map gives their bucket ("table key on N, owner M"). */
export function misplaced(placed: Map<string, Map<string, PlacedRow>>, owners: readonly number[]): string[] {
  return [...placed].flatMap(([table, rows]) =>
    [...rows].flatMap(([key, row]) =>
      owners[row.bucket] === row.shard
        ? []
        : [`${table} ${key} on ${row.shard}, owner ${owners[row.bucket]}`],
    ),
  );
}

/** Each row's content hash by table and key, without where it is: equal before and after a move. */
export function contents(
  placed: Map<string, Map<string, PlacedRow>>,
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    [...placed].map(([table, rows]) => [
      table,
      Object.fromEntries([...rows].map(([key, row]) => [key, row.hash])),
    ]),
  );
}
