import { Writable } from 'node:stream';
import { invalidArgument } from '@coldreach/errors';
import type { ReceivedMessage } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, waitFor } from '@coldreach/testing';
import { testEvent } from '../test/test-events';
import { describeOnStoresAndBuses, effectCounts, recordEffect } from '../test/test-stores';
import { createBatchMessageHandler } from './batch-message-handler';
import { decodeEnvelope } from './decode-envelope';
import { invalidMessage } from './invalid-message';
import { processOnce } from './process-once';

// A message that fails the same way every time goes to the dead letters at once: retrying it
// (5 attempts, 0.2 + 0.4 + 0.8 + 1.6 s of backoff) would hold its partition, and every tenant's
// events behind it, for ~3 s per message. A failure that may pass (the database away) is retried.
jest.setTimeout(180_000);

/** A logger whose lines a test can read. */
function capturingLogger() {
  const lines: { msg: string; offset?: string; reason?: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'poison-test', level: 'warn', destination }) };
}

describeOnStoresAndBuses('poison messages', (rig) => {
  it('dead-letters a deterministic failure at once, retries a transient one, and moves on', async () => {
    const { store, bus } = rig;
    const topic = randomName('outbox.deterministic');
    const groupId = randomName('deterministic');
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    const keys = ['good-1', 'invalid', 'bad-uuid', 'bad-argument', 'good-2', 'transient', 'good-3'];
    const events = keys.map((key) => testEvent(topic, key));
    // Not protobuf: a length-delimited field 1 that claims 127 bytes and has one.
    const garbage = { key: 'garbage', value: Uint8Array.from([0x0a, 0x7f, 0x01]), headers: {} };
    const transientFailures = { left: 2 };
    const calls = new Map<string, number>();
    const { lines, logger } = capturingLogger();

    async function apply(message: ReceivedMessage, manager: Parameters<typeof recordEffect>[0]) {
      calls.set(message.key, (calls.get(message.key) ?? 0) + 1);
      const { eventId } = decodeEnvelope(message.value);
      if (message.key === 'invalid') throw invalidMessage('event has no workspace id');
      if (message.key === 'bad-uuid') await manager.query('SELECT $1::uuid', ['']);
      if (message.key === 'bad-argument')
        throw invalidArgument([{ field: 'email', message: 'must be a valid email address' }]);
      if (message.key === 'transient' && transientFailures.left-- > 0)
        throw new Error('Connection terminated unexpectedly');
      await processOnce(manager, { consumerGroup: groupId, eventId }, (m) =>
        recordEffect(m, eventId, message.key),
      );
    }

    const subscription = await bus.subscribe({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handleBatch: createBatchMessageHandler({
        groupId,
        dataSource: store,
        logger,
        handle: (messages) =>
          store.transaction(async (manager) => {
            for (const message of messages) await apply(message, manager);
          }),
      }),
    });
    try {
      await bus.publish(topic, [garbage, ...events]);
      await waitFor(async () => (await effectCounts(store)).size === 4, {
        what: 'the good and the transient events',
        timeoutMs: 120_000,
      });
      const rows = (await store.query(
        `SELECT key, reason, attempts FROM dead_letters WHERE consumer_group = $1 ORDER BY "offset"::int`,
        [groupId],
      )) as { key: string; reason: string; attempts: number }[];
      expect(rows).toEqual([
        { key: 'garbage', reason: expect.stringMatching(/^not an event envelope: /), attempts: 1 },
        { key: 'invalid', reason: 'event has no workspace id', attempts: 1 },
        {
          key: 'bad-uuid',
          reason: expect.stringContaining('invalid input syntax for type uuid'),
          attempts: 1,
        },
        { key: 'bad-argument', reason: 'email: must be a valid email address', attempts: 1 },
      ]);
      const applied = await effectCounts(store);
      const byKey = new Map(events.map((event) => [event.key, event.eventId]));
      for (const key of ['good-1', 'good-2', 'good-3', 'transient'])
        expect(applied.get(byKey.get(key)!)).toBe(1);

      // Each poison message was tried at most with its batch and once alone, never again.
      for (const key of ['invalid', 'bad-uuid', 'bad-argument'])
        expect(calls.get(key)).toBeLessThanOrEqual(2);
      const retried = lines.filter((line) => line.msg === 'message handling failed; retrying');
      expect(retried.map((line) => line.reason)).toEqual([
        'Connection terminated unexpectedly',
        'Connection terminated unexpectedly',
      ]);
    } finally {
      await subscription.close();
    }
  });
});
