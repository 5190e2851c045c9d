// An inbox reader killed between two messages of a mailbox: another takes over, nothing is missed or
// applied twice. On two email shards, the mailbox on the second (each shard has its own readers).
import { randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryRows } from '@coldreach/db';
import { EmailRepliedSchema } from '@coldreach/contracts';
import {
  createTeardown,
  createTestDatabases,
  spawnServiceProcess,
  startImapServer,
  waitFor,
  waitForOutput,
  type ServiceProcess,
} from '@coldreach/testing';
import { openEmailShards, workspaceShardIndex } from '../email-database';
import { createSmtpUrlCipher } from '../persistence/smtp-url-cipher';
import { eventPayloads, insertDeliveries, insertMailbox } from '../../test/ledger-fixtures';
import { personReply } from '../../test/inbound-messages';

jest.setTimeout(300_000);

const script = 'apps/email-service/test/system/inbox-reader-process.ts';
const messageCount = 12;

describe('an inbox reader killed with SIGKILL mid-mailbox', () => {
  const teardown = createTeardown();
  afterAll(() => teardown.close());

  it('is taken over once its lease expires, and no message is missed or applied twice', async () => {
    const imap = await startImapServer({ users: [{ user: 'sales', password: 'Imap-S3cret-Passw0rd' }] });
    teardown.add(() => imap.close());
    const databases = await createTestDatabases(2, 'cr_email_inbox');
    teardown.add(async () => void (await Promise.all(databases.map((database) => database.drop()))));
    const shards = await openEmailShards(
      databases.map(({ url }) => ({ url })),
      { migrate: true },
    );
    teardown.add(() => shards.close());
    let workspaceId = randomUUID();
    while (workspaceShardIndex(shards, workspaceId) !== 1) workspaceId = randomUUID();
    const dataSource = shards.shards[1]!;
    const caFile = join(tmpdir(), `imap-ca-${randomBytes(6).toString('hex')}.pem`);
    await writeFile(caFile, imap.ca);
    teardown.add(() => rm(caFile, { force: true }));

    const key = randomBytes(32);
    const mailbox = await insertMailbox(dataSource, { workspaceId, fromAddress: 'sales@sender.test' });
    const url = imap.url({ user: 'sales', password: 'Imap-S3cret-Passw0rd' });
    await queryRows(dataSource.manager, 'UPDATE mailboxes SET imap_url_sealed = $2 WHERE id = $1', [
      mailbox.id,
      createSmtpUrlCipher(key).seal(url),
    ]);
    const to = Array.from({ length: messageCount }, (_, i) => `lead${i}@prospect.example`);
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      to.map((address) => ({ to: address, status: 'sent' as const })),
    );
    await queryRows(dataSource.manager, 'UPDATE deliveries SET sent_at = now() WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    const sent = await queryRows<{ message_id: string; to_address: string }>(
      dataSource.manager,
      'SELECT message_id, to_address FROM deliveries ORDER BY to_address',
      [],
    );
    for (const row of sent)
      await imap.deliver(
        'sales',
        personReply({ messageId: row.message_id, to: row.to_address, subject: 'Hi' }, 'Yes.'),
      );

    const env = (workerId: string) => ({
      INBOX_DATABASE_URLS: databases.map(({ url }) => url).join(','),
      EMAIL_CREDENTIALS_KEY: key.toString('base64'),
      IMAP_CA_FILE: caFile,
      WORKER_ID: workerId,
      APPLY_PAUSE_MS: '300',
      INBOX_LEASE_MS: '2000',
    });
    const start = (workerId: string): ServiceProcess => {
      const child = spawnServiceProcess(workerId, script, env(workerId));
      teardown.add(async () => {
        child.signal('SIGKILL');
        await child.exited;
      });
      return child;
    };

    const first = start('reader-killed');
    await waitForOutput(first, /applied 3\b/, 120_000);
    first.signal('SIGKILL');
    await first.exited;
    const count = async () =>
      Number(
        (
          await queryRows<{ n: string }>(dataSource.manager, 'SELECT count(*) AS n FROM inbound_messages', [])
        )[0]!.n,
      );
    const atKill = await count();
    expect(atKill).toBeGreaterThanOrEqual(3);
    expect(atKill).toBeLessThan(messageCount);

    start('reader-after');
    await waitFor(async () => (await count()) === messageCount, {
      timeoutMs: 120_000,
      what: 'every message',
    });
    const rows = await queryRows<{ uid: string }>(
      dataSource.manager,
      'SELECT uid FROM inbound_messages ORDER BY uid',
      [],
    );
    expect(rows.map((row) => Number(row.uid))).toEqual(Array.from({ length: messageCount }, (_, i) => i + 1));
    const replied = await eventPayloads(dataSource, 'email.replied', EmailRepliedSchema);
    expect(new Set(replied.map((event) => event.delivery?.taskId)).size).toBe(messageCount);
    expect(replied).toHaveLength(messageCount);
  });
});
