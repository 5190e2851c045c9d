// Test support: what the ledger says after a run, straight from the Email service's shards.
import { Client } from 'pg';

export type StatusCounts = Record<string, number>;

/** The ledger's deliveries by status, summed over the shards at `databaseUrls`. */
export async function countByStatus(databaseUrls: readonly string[]): Promise<StatusCounts> {
  const counts: StatusCounts = {};
  for (const databaseUrl of databaseUrls) {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; count: string }>(
        'SELECT status, count(*) AS count FROM deliveries GROUP BY status',
      );
      for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + Number(row.count);
    } finally {
      await client.end();
    }
  }
  return counts;
}

export async function insertSinkMailbox(
  databaseUrl: string,
  mailbox: {
    id: string;
    workspaceId: string;
    sealedSmtpUrl: string;
    port: number;
    dailyCap: number;
    domainHourlyCap?: number;
  },
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO mailboxes (id, workspace_id, name, from_name, from_address, smtp_url_sealed, smtp_host,
         smtp_port, has_credentials, daily_cap, domain_hourly_cap)
       VALUES ($1, $2, 'Sink', 'Cold Reach Test', 'sender@coldreach.test', $3, '127.0.0.1', $4, false, $5, $6)`,
      [
        mailbox.id,
        mailbox.workspaceId,
        mailbox.sealedSmtpUrl,
        mailbox.port,
        mailbox.dailyCap,
        mailbox.domainHourlyCap ?? 0,
      ],
    );
  } finally {
    await client.end();
  }
}

/** Message-IDs the sink saw more than once (must be none). */
export function duplicates(messageIds: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of messageIds) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
