import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { DomainError } from '@coldreach/errors';
import type { ReceivedMessage } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { testEvent } from '../test/test-events';
import { describeOnStoresAndBuses, effectCounts, recordEffect } from '../test/test-stores';
import { eventHeaders } from './create-envelope';
import { listDeadLetters, replayDeadLetter, storeDeadLetter } from './dead-letters';
import { decodeEnvelope } from './decode-envelope';
import { createMessageHandler } from './message-handler';
import { processOnce } from './process-once';

jest.setTimeout(120_000);

const logger = createLogger({ name: 'dead-letters-test', level: 'silent' });

/** How far the group's committed offsets trail the end of each partition, summed (Kafka's lag). */
async function consumerLag(groupId: string, topic: string): Promise<number> {
  // Tests may talk to Kafka directly; the application only through libs/events.
  const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.reduce((lag, { partition, high }) => {
      const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      return lag + Number(high) - Math.max(0, Number(offset));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

async function deadLetterRows(store: DataSource) {
  return (await store.query(
    'SELECT id, topic, partition, "offset", key, value, headers, reason, attempts, replayed_at FROM dead_letters ORDER BY created_at',
  )) as {
    id: string;
    topic: string;
    partition: number;
    offset: string;
    key: string;
    value: Uint8Array;
    headers: Record<string, string>;
    reason: string;
    attempts: number;
    replayed_at: Date | null;
  }[];
}

describeOnStoresAndBuses('dead letters', (rig) => {
  it('moves a poison message aside after its attempts, handles the rest, and replays it once', async () => {
    const { store, bus } = rig;
    const topic = randomName('outbox.poison');
    const groupId = randomName('poison');
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    const events = Array.from({ length: 10 }, (_, i) => testEvent(topic, `key-${i}`));
    const poison = events[3]!;
    let poisonous = true;
    const attempts = new Map<string, number>();
    const handled: string[] = [];

    const subscription = await bus.subscribe({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handleBatch: createMessageHandler({
        groupId,
        dataSource: store,
        logger,
        maxAttempts: 3,
        backoffMs: 10,
        handle: async (message: ReceivedMessage) => {
          const { eventId } = decodeEnvelope(message.value);
          attempts.set(eventId, (attempts.get(eventId) ?? 0) + 1);
          if (eventId === poison.eventId && poisonous) throw new Error('cannot apply this event');
          await store.transaction((manager) =>
            processOnce(manager, { consumerGroup: groupId, eventId }, (m) =>
              recordEffect(m, eventId, message.key),
            ),
          );
          handled.push(eventId);
        },
      }),
    });
    try {
      await bus.publish(topic, events);
      await waitFor(async () => (await effectCounts(store)).size >= 9, { what: 'the good events' });
      await waitFor(async () => (await deadLetterRows(store)).length === 1, { what: 'the dead letter' });

      // Order kept around the poison message, which was tried maxAttempts times.
      expect(handled).toEqual(events.filter((e) => e !== poison).map((e) => e.eventId));
      expect(attempts.get(poison.eventId)).toBe(3);
      const [row] = await deadLetterRows(store);
      expect(row).toMatchObject({
        topic,
        partition: 0,
        offset: '3',
        key: poison.key,
        headers: poison.headers,
        reason: 'cannot apply this event',
        attempts: 3,
        replayed_at: null,
      });
      expect(Buffer.from(row!.value).equals(Buffer.from(poison.value))).toBe(true);
      const [listed] = await listDeadLetters(store, { limit: 10 });
      expect(listed).toMatchObject({
        id: row!.id,
        consumerGroup: groupId,
        topic,
        offset: '3',
        attempts: 3,
      });
      expect(listed).not.toHaveProperty('value');

      // Nothing comes again: the batch was committed past the poison message. A later event on
      // the partition is the witness: once it is handled, a redelivery would have come first.
      if (rig.kafka) {
        await waitFor(async () => (await consumerLag(groupId, topic)) === 0, {
          what: 'the lag to return to 0',
        });
      }
      const later = testEvent(topic, 'later');
      await bus.publish(topic, [later]);
      await waitFor(() => handled.includes(later.eventId), { what: 'the later event' });
      expect(attempts.get(poison.eventId)).toBe(3);

      // Fixed (say, a new release): the replay is handled like any message and marked replayed.
      poisonous = false;
      const replayed = await replayDeadLetter(store, bus, row!.id);
      expect(replayed.replayedAt).toBeInstanceOf(Date);
      await waitFor(async () => (await effectCounts(store)).get(poison.eventId) === 1, {
        what: 'the replay',
      });
      // The ten events and the later one, each applied.
      expect((await effectCounts(store)).size).toBe(11);
      if (rig.kafka) {
        await waitFor(async () => (await consumerLag(groupId, topic)) === 0, {
          what: 'the lag after the replay',
        });
      }

      await expect(replayDeadLetter(store, bus, row!.id)).rejects.toThrow(
        new DomainError(
          'failed_precondition',
          `dead letter ${row!.id} was already replayed at ${replayed.replayedAt!.toISOString()}`,
        ),
      );
      await expect(
        replayDeadLetter(store, bus, '00000000-0000-4000-8000-000000000000'),
      ).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(replayDeadLetter(store, bus, 'nope')).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    } finally {
      await subscription.close();
    }
  });

  it('carries the replayed bytes and headers, plus where they came from', async () => {
    const { store, bus } = rig;
    const topic = randomName('outbox.replay');
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    const event = testEvent(topic, 'replayed-key');
    const message: ReceivedMessage = { ...event, topic, partition: 0, offset: '41' };
    const id = await storeDeadLetter(store, { consumerGroup: 'g', message, reason: 'boom', attempts: 5 });
    // The same message again (a redelivered batch) is stored once.
    expect(await storeDeadLetter(store, { consumerGroup: 'g', message, reason: 'boom', attempts: 5 })).toBe(
      id,
    );

    const received: ReceivedMessage[] = [];
    const subscription = await bus.subscribe({
      groupId: randomName('replay'),
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => void received.push(...batch.messages),
    });
    try {
      await replayDeadLetter(store, bus, id);
      await waitFor(() => received.length > 0, { what: 'the replayed message' });
      expect(received[0]!.key).toBe('replayed-key');
      expect(Buffer.from(received[0]!.value).equals(Buffer.from(event.value))).toBe(true);
      expect(received[0]!.headers).toEqual({ ...event.headers, [eventHeaders.replayedFrom]: id });
    } finally {
      await subscription.close();
    }
  });

  it('stops retrying when its batch is taken away, storing nothing', async () => {
    const { store } = rig;
    const controller = new AbortController();
    const handle = createMessageHandler({
      groupId: 'aborted',
      dataSource: store,
      logger,
      maxAttempts: 5,
      backoffMs: 10_000,
      handle: async () => {
        throw new Error('always fails');
      },
    });
    const message: ReceivedMessage = { ...testEvent('t', 'k'), topic: 't', partition: 0, offset: '0' };
    const before = (await deadLetterRows(store)).length;
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('partition revoked')), 50);
    await expect(
      handle(
        { topic: 't', partition: 0, messages: [message] },
        { heartbeat: async () => undefined, signal: controller.signal },
      ),
    ).rejects.toThrow('partition revoked');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await deadLetterRows(store)).toHaveLength(before);
  });
});
