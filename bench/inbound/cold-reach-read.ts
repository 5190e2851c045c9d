// (a) Cold Reach: the Email service (worker role, its own process) reads the corpus's mailbox with
// its inbox reader and applies every message in PostgreSQL with the outbox. Setup (the email
// database, the mailbox with its sealed IMAP URL, one sent delivery per message that answers one)
// is not timed. The read is timed from the reader's lease (taken as the read starts) to the
// receive time of the last message it recorded, both read from the database.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createSmtpUrlCipher, openEmailDatabase } from '@coldreach/email-service';
import { testKafkaBrokers, testRedisUrl, waitFor } from '@coldreach/testing';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { cpuUsage, sampleCpu, type CpuUsage } from '../email-pipeline/cpu-usage';
import { deliveryOf, expectedKindOf, senderAddress, type CorpusDelivery } from './corpus-plan';
import { corpusIndexOf } from './raw-fetch';

export interface ReaderResult {
  messages: number;
  elapsedMs: number;
  kinds: Record<string, number>;
  /** Messages whose stored kind differs from the answer key, or not matched to their delivery. */
  mismatches: number;
  usage: CpuUsage;
}

const leaseMs = 60_000;

async function insertDeliveries(db: Client, mailboxId: string, workspaceId: string, messages: number) {
  const all: CorpusDelivery[] = [];
  for (let index = 0; index < messages; index++) {
    const delivery = deliveryOf(index);
    if (delivery) all.push(delivery);
  }
  for (let start = 0; start < all.length; start += 5000) {
    const batch = all.slice(start, start + 5000);
    await db.query(
      `INSERT INTO deliveries (id, workspace_id, client_id, mailbox_id, to_address, recipient, subject_template,
         subject, status, scheduled_at, message_id, sent_at, attempts)
       SELECT id, $1, client_id, $2, to_address, '{}'::jsonb, subject, subject, 'sent', now() - interval '2 days',
         message_id, now() - interval '2 days', 1
       FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[])
         AS t(id, client_id, to_address, subject, message_id)`,
      [
        workspaceId,
        mailboxId,
        batch.map((d) => d.id),
        batch.map((d) => d.clientId),
        batch.map((d) => d.toAddress),
        batch.map((d) => d.subject),
        batch.map((d) => d.messageId),
      ],
    );
  }
  await db.query('ANALYZE');
}

/** Creates the email database's tables, the mailbox reading `imapUrl` and the sent deliveries. */
export async function prepareEmailDatabase(options: {
  databaseUrl: string;
  imapUrl: string;
  credentialsKey: Buffer;
  messages: number;
  /** 'off': a diagnostic, to see how much of the read waits on commits (each message is one). */
  synchronousCommit?: 'on' | 'off';
}): Promise<void> {
  const dataSource = await openEmailDatabase({ url: options.databaseUrl });
  await dataSource.destroy();
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const mailboxId = randomUUID();
    const workspaceId = randomUUID();
    const cipher = createSmtpUrlCipher(options.credentialsKey);
    const imap = new URL(options.imapUrl);
    await db.query(
      `INSERT INTO mailboxes (id, workspace_id, name, from_address, daily_cap, imap_url_sealed, imap_host, imap_port)
       VALUES ($1, $2, 'bench', $3, 100000, $4, $5, $6)`,
      [mailboxId, workspaceId, senderAddress, cipher.seal(options.imapUrl), imap.hostname, Number(imap.port)],
    );
    await insertDeliveries(db, mailboxId, workspaceId, options.messages);
    if (options.synchronousCommit === 'off') {
      const [{ name }] = (await db.query<{ name: string }>('SELECT current_database() AS name')).rows as [
        { name: string },
      ];
      // Applies to the connections the service opens next.
      await db.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
    }
  } finally {
    await db.end();
  }
}

async function readProgress(db: Client) {
  const [row] = (
    await db.query<{ lease_until: Date | null; last_uid: string; recorded: string; last_at: Date | null }>(
      `SELECT r.lease_until, r.last_uid,
         (SELECT count(*) FROM inbound_messages) AS recorded,
         (SELECT max(receive_time) FROM inbound_messages) AS last_at
       FROM inbox_readers r`,
    )
  ).rows;
  return row;
}

/** Starts the Email service on the prepared database and waits until it has read `lastUid`. */
export async function measureReader(options: {
  databaseUrl: string;
  credentialsKey: Buffer;
  namespace: string;
  ca: string;
  lastUid: number;
  messages: number;
  others: ReadonlyMap<string, number>;
  databaseName: string;
  onProcess(process: BenchProcess): void;
}): Promise<ReaderResult> {
  const caFile = join(tmpdir(), `bench-inbound-ca-${randomBytes(4).toString('hex')}.pem`);
  await writeFile(caFile, options.ca);
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const service = startBenchProcess('email-service', 'apps/email-service/src/main.ts', {
      env: {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_NAMESPACE: options.namespace,
        EMAIL_DATABASE_URL: options.databaseUrl,
        // Not called while reading; the worker role needs one configured.
        CLIENT_SERVICE_URL: 'http://127.0.0.1:9',
        REDIS_URL: testRedisUrl,
        EMAIL_CREDENTIALS_KEY: options.credentialsKey.toString('base64'),
        UNSUBSCRIBE_SECRETS: randomBytes(32).toString('hex'),
        PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
        // The IMAP server is on loopback, which the outbound-address guard refuses unless listed.
        SMTP_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
        // The loopback dovecot's certificate is signed by the test CA: Node trusts it besides the system's.
        NODE_EXTRA_CA_CERTS: caFile,
        EMAIL_SERVICE_ROLES: 'worker',
        EMAIL_WORKER_ID: 'bench-inbound-1',
        LOG_LEVEL: 'info',
      },
    });
    options.onProcess(service);
    const processes = new Map([...options.others, ['email-service', service.pid]]);
    const databases = new Map([[options.databaseName, 'email database']]);
    const before = sampleCpu(processes, databases);
    // The first lease_until seen is the one taken as the read started (renewals come every 20 s).
    let startedAt: number | undefined;
    await waitFor(
      async () => {
        if (!service.running()) throw new Error(`email service exited:\n${service.tail()}`);
        const row = await readProgress(db);
        if (row?.lease_until && startedAt === undefined) startedAt = row.lease_until.getTime() - leaseMs;
        return row !== undefined && Number(row.last_uid) >= options.lastUid;
      },
      { timeoutMs: 3_600_000, intervalMs: 100, what: 'the email service to read the whole mailbox' },
    );
    const usage = cpuUsage(before, sampleCpu(processes, databases));
    const row = (await readProgress(db))!;
    const elapsedMs = row.last_at!.getTime() - startedAt!;
    const kinds = Object.fromEntries(
      (
        await db.query<{ kind: string; count: string }>(
          'SELECT kind, count(*) FROM inbound_messages GROUP BY kind',
        )
      ).rows.map((entry) => [entry.kind, Number(entry.count)]),
    );
    let mismatches = 0;
    const stored = await db.query<{ message_id: string; kind: string; delivery_id: string | null }>(
      'SELECT message_id, kind, delivery_id FROM inbound_messages',
    );
    for (const message of stored.rows) {
      const index = corpusIndexOf(message.message_id);
      if (index === undefined) mismatches++;
      else if (
        message.kind !== expectedKindOf(index) ||
        message.delivery_id !== (deliveryOf(index)?.id ?? null)
      )
        mismatches++;
    }
    await service.stop();
    return { messages: Number(row.recorded), elapsedMs, kinds, mismatches, usage };
  } finally {
    await db.end();
  }
}
