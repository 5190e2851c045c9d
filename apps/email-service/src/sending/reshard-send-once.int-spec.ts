import { randomUUID } from 'node:crypto';
import { reshard, type BucketShardSet } from '@coldreach/db';
import { createTestDatabases, startSmtpSink, type SmtpSink, type TestDatabase } from '@coldreach/testing';
import { emailCopiedTables, emailReshardTables, openEmailShards, workspaceShard } from '../email-database';
import { raiseFencingTokens } from '../persistence/raise-fencing-tokens';
import {
  insertDeliveries,
  insertMailbox,
  settled,
  startTestWorkers,
  testCipher,
} from '../../test/ledger-fixtures';
import type { DeliveryWorkers } from './delivery-workers';

// Deliveries written on 2 email shards, the shards resharded to 3 with the service stopped (as
// `shards reshard --service email` does), then workers on the 3 shards: each sent exactly once.
jest.setTimeout(300_000);

describe('deliveries across an offline email reshard', () => {
  let databases: TestDatabase[];
  let sink: SmtpSink;
  beforeAll(async () => {
    databases = await createTestDatabases(3, 'cr_email_reshard');
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('sends every delivery written before the move once, from its new shard too', async () => {
    const urls = databases.map((db) => db.url);
    const open = (count: number) =>
      openEmailShards(
        urls.slice(0, count).map((url) => ({ url })),
        { mapPollMs: 0 },
      );
    const before = await open(2);
    const expected: string[] = [];
    try {
      for (let index = 0; index < 10; index++) {
        const workspaceId = randomUUID();
        const shard = workspaceShard(before, workspaceId);
        const mailbox = await insertMailbox(shard, { workspaceId, smtpUrl: sink.url, cipher: testCipher });
        const to = [0, 1, 2].map((n) => `lead${n}.${index}@example.test`);
        await insertDeliveries(
          shard,
          mailbox,
          to.map((address) => ({ to: address })),
        );
        expected.push(...to);
      }
      // Shard 0's claims went further than the others': the moved rows must keep a larger token.
      await before.shards[0]!.query("SELECT setval('delivery_fencing_tokens', 1000)");
    } finally {
      await before.close();
    }

    let after: BucketShardSet | undefined;
    const workers: DeliveryWorkers[] = [];
    try {
      after = await open(3);
      await raiseFencingTokens(after.shards);
      const result = await reshard({
        shards: after.shards,
        shardCount: 3,
        tables: emailReshardTables,
        copiedTables: emailCopiedTables,
      });
      expect(result?.moved).toBeGreaterThan(0);
      const [onNew] = (await after.shards[2]!.query('SELECT count(*)::int AS n FROM deliveries')) as {
        n: number;
      }[];
      expect(onNew!.n).toBeGreaterThan(0);
      const [token] = (await after.shards[2]!.query(
        "SELECT nextval('delivery_fencing_tokens')::int AS next",
      )) as {
        next: number;
      }[];
      expect(token!.next).toBeGreaterThan(1000);

      for (const shard of after.shards) workers.push(startTestWorkers(shard));
      for (const shard of after.shards) {
        const counts = await settled(shard, 120_000);
        expect(Object.keys(counts).filter((status) => status !== 'sent')).toEqual([]);
      }
      await sink.waitForCount(expected.length, 60_000);
      const sentTo = sink.messages.map((message) => message.envelope.to[0]).sort();
      expect(sentTo).toEqual([...expected].sort());
    } finally {
      await Promise.all(workers.map((shardWorkers) => shardWorkers.stop()));
      await after?.close();
    }
  });
});
