import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import { ClientDeletedSchema, eventTypes } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { effectCounts, openTestStore, recordEffect, storeBackends } from '../test/test-stores';
import { createEnvelope } from './create-envelope';
import { decodeEnvelope } from './decode-envelope';
import { DeletePublishedOutboxEvents1764000000000 } from './delete-published-outbox-events';
import { processEach, processOnce } from './process-once';
import { writeOutboxEvents, type OutboxEventInput } from './write-outbox-events';

jest.setTimeout(60_000);

function event(key: string, topic = 'test.events'): OutboxEventInput {
  return {
    topic,
    ...createEnvelope({
      type: eventTypes.clientDeleted,
      workspaceId: randomUUID(),
      key,
      source: 'outbox-test',
      payload: { schema: ClientDeletedSchema, message: create(ClientDeletedSchema, { clientId: key }) },
    }),
  };
}

describe.each(storeBackends)('outbox and processed events on $name', (backend) => {
  let store: DataSource;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await backend.open(1);
    dispose = opened.dispose;
    store = await openTestStore(opened.locations[0]!);
  });
  afterAll(async () => {
    await store?.destroy();
    await dispose?.();
  });

  it('writes events with the transaction, byte for byte, in order', async () => {
    const events = Array.from({ length: 3 }, (_, i) => event(`key-${i}`));
    await store.transaction((manager) => writeOutboxEvents(manager, events));
    const rows = (await store.query(
      'SELECT id, event_id, topic, key, payload, headers, published_at FROM outbox_events WHERE event_id = ANY($1::uuid[]) ORDER BY id',
      [events.map((e) => e.eventId)],
    )) as {
      event_id: string;
      topic: string;
      key: string;
      payload: Uint8Array;
      headers: object;
      published_at: null;
    }[];
    expect(rows.map((row) => row.event_id)).toEqual(events.map((e) => e.eventId));
    rows.forEach((row, i) => {
      const written = events[i]!;
      expect(row).toMatchObject({
        topic: 'test.events',
        key: written.key,
        headers: written.headers,
        published_at: null,
      });
      expect(Buffer.from(row.payload).equals(Buffer.from(written.value))).toBe(true);
      expect(decodeEnvelope(row.payload).eventId).toBe(written.eventId);
    });
  });

  it('writes nothing when the transaction rolls back', async () => {
    const lost = event('rolled-back');
    await expect(
      store.transaction(async (manager) => {
        await writeOutboxEvents(manager, [lost]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await store.query('SELECT 1 FROM outbox_events WHERE event_id = $1', [lost.eventId])).toEqual([]);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(writeOutboxEvents(store.manager, [event('k')])).rejects.toThrow(/inside a transaction/);
  });

  it('writes a batch larger than one statement takes', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => event(`bulk-${i}`, 'bulk.events'));
    await store.transaction((manager) => writeOutboxEvents(manager, events));
    const [row] = (await store.query(
      "SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'bulk.events'",
    )) as { n: number }[];
    expect(Number(row!.n)).toBe(2500);
  });

  it('applies an effect once per group and event, and again after a failed attempt', async () => {
    const eventId = randomUUID();
    const apply = (group: string) =>
      store.transaction((manager) =>
        processOnce(manager, { consumerGroup: group, eventId }, (m) => recordEffect(m, eventId, group)),
      );
    expect(await apply('group-a')).toBe(true);
    expect(await apply('group-a')).toBe(false);
    expect(await apply('group-b')).toBe(true);
    expect((await effectCounts(store)).get(eventId)).toBe(2);

    const retried = randomUUID();
    await expect(
      store.transaction((manager) =>
        processOnce(manager, { consumerGroup: 'group-a', eventId: retried }, async () => {
          throw new Error('effect failed');
        }),
      ),
    ).rejects.toThrow('effect failed');
    const applied = await store.transaction((manager) =>
      processOnce(manager, { consumerGroup: 'group-a', eventId: retried }, (m) =>
        recordEffect(m, retried, 'group-a'),
      ),
    );
    expect(applied).toBe(true);
    expect((await effectCounts(store)).get(retried)).toBe(1);
  });

  it('lets exactly one of concurrent duplicates apply the effect', async () => {
    const eventId = randomUUID();
    // The first to record the id holds its row until the four others wait on it (PostgreSQL says
    // so); PGlite runs one transaction at a time, so there they queue behind it anyway.
    const othersWaiting = async () => {
      if (backend.name !== 'PostgreSQL') return true;
      const [row] = (await store.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )) as { n: number }[];
      return Number(row?.n) >= 4;
    };
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.transaction((manager) =>
          processOnce(manager, { consumerGroup: 'racers', eventId }, async (m) => {
            await waitFor(othersWaiting, { timeoutMs: 30_000, what: 'the other four to wait on the row' });
            await recordEffect(m, eventId, 'racers');
          }),
        ),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await effectCounts(store)).get(eventId)).toBe(1);
  });

  it('records a batch of event ids at once and answers those not seen before', async () => {
    const seen = randomUUID();
    await store.transaction((manager) => processEach(manager, 'batch-group', [seen]));
    const fresh = [randomUUID(), randomUUID()];
    const answered = await store.transaction((manager) =>
      processEach(manager, 'batch-group', [seen, fresh[0]!, fresh[1]!, fresh[0]!]),
    );
    expect([...answered].sort()).toEqual([...fresh].sort());
    // Another group has seen none of them; a rolled-back batch records nothing.
    expect(await store.transaction((manager) => processEach(manager, 'other-group', [seen]))).toEqual(
      new Set([seen]),
    );
    const lost = randomUUID();
    await expect(
      store.transaction(async (manager) => {
        await processEach(manager, 'batch-group', [lost]);
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');
    expect(await store.transaction((manager) => processEach(manager, 'batch-group', [lost]))).toEqual(
      new Set([lost]),
    );
    await expect(processEach(store.manager, 'batch-group', [randomUUID()])).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('the upgrade deletes rows that earlier relays kept once published', async () => {
    const [kept, published] = [event('kept', 'upgrade.events'), event('published', 'upgrade.events')];
    await store.transaction((manager) => writeOutboxEvents(manager, [kept, published]));
    await store.query('UPDATE outbox_events SET published_at = now() WHERE event_id = $1', [
      published.eventId,
    ]);
    const runner = store.createQueryRunner();
    try {
      await new DeletePublishedOutboxEvents1764000000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await store.query("SELECT event_id FROM outbox_events WHERE topic = 'upgrade.events'")) as {
      event_id: string;
    }[];
    expect(rows.map((row) => row.event_id)).toEqual([kept.eventId]);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(
      processOnce(store.manager, { consumerGroup: 'g', eventId: randomUUID() }, async () => undefined),
    ).rejects.toThrow(/inside a transaction/);
  });
});
