// An inbox-reader process for the SIGKILL test: the Email service's inbox readers alone, one set per
// email shard of INBOX_DATABASE_URLS (comma-separated, as the service runs them), printing `applied <uid>` after each message's transaction and
// pausing APPLY_PAUSE_MS then, so the test can kill it between two messages of one mailbox.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOutboundGuard } from '@coldreach/outbound-guard';
import { createLogger } from '@coldreach/observability';
import { openEmailShards } from '../../src/email-database';
import { startInboxReaders } from '../../src/inbound/inbox-readers';
import { createSmtpUrlCipher } from '../../src/persistence/smtp-url-cipher';
import { loopbackSmtpCidrs } from '../ledger-fixtures';

async function run(): Promise<void> {
  const env = process.env;
  const shards = await openEmailShards(
    env.INBOX_DATABASE_URLS!.split(',').map((url) => ({ url })),
    { migrate: false },
  );
  const pauseMs = Number(env.APPLY_PAUSE_MS ?? 0);
  const imap = {
    guard: createOutboundGuard({
      allowedCidrs: loopbackSmtpCidrs,
      allowListName: 'SMTP_ALLOWED_PRIVATE_CIDRS',
    }),
    extraCa: await readFile(env.IMAP_CA_FILE!, 'utf8'),
  };
  for (const dataSource of shards.shards)
    startInboxReaders({
      dataSource,
      cipher: createSmtpUrlCipher(Buffer.from(env.EMAIL_CREDENTIALS_KEY!, 'base64')),
      imap,
      logger: createLogger({ name: 'inbox-reader-process', level: 'warn' }),
      workerId: env.WORKER_ID!,
      pollIntervalMs: 100,
      leaseMs: Number(env.INBOX_LEASE_MS ?? 2000),
      pageSize: 2,
      onMessageApplied: async (_mailboxId, uid) => {
        process.stdout.write(`applied ${uid}\n`);
        await sleep(pauseMs);
      },
    });
  process.stdout.write('inbox readers running\n');
}

run().catch((error: unknown) => {
  process.stderr.write(`inbox reader failed: ${String(error)}\n`);
  process.exit(1);
});
