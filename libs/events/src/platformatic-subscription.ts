import type { Logger } from '@coldreach/observability';
import {
  Consumer,
  ListOffsetTimestamps,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  stringDeserializer,
  type GroupAssignment,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import type { ReceivedMessage, SubscribeOptions } from './event-bus';
import { startLatch, type KafkaClientSubscription } from './kafka-bus-shell';
import type { GroupPartitionOffsets } from './kafka-consumer-lag';
import type { platformaticConnection } from './platformatic-client';

export interface PlatformaticSubscriptionOptions {
  connection: ReturnType<typeof platformaticConnection>;
  logger: Logger;
  retryBackoffMs: number;
  sessionTimeoutMs: number;
  partitionsConsumedConcurrently: number;
  /** The consumer stopped for good (during `subscribe` too). */
  onFatal(error: Error, groupId: string): void;
}

type Received = Message<string, Buffer, string, string>;

// Messages one consumer holds before it stops fetching: the library's stream has one flow for all
// partitions, so this is its back-pressure (kafkajs pauses the busy partition alone).
const maxQueued = 10_000;

/** One assigned partition: what was fetched and not handed over yet, and the batch in flight. */
interface PartitionWork {
  key: string;
  topic: string;
  partition: number;
  queue: Received[];
  /** The offset after the last message queued or handled: a refetch below it is a duplicate. */
  next: bigint;
  running?: Promise<void>;
  controller?: AbortController;
  retryTimer?: NodeJS.Timeout;
}

/**
 * One @platformatic/kafka consumer in `groupId`. The library hands over single messages on one
 * stream; they are queued per partition and handed over as batches, one partition's next batch only
 * after the current one settled. Offsets are committed per batch, only after the handler resolved; a
 * failed batch is kept and handed over again (with what arrived meanwhile) after its backoff, nothing
 * of it committed. A partition taken away by a rebalance aborts its batch and drops its queue; the
 * next owner starts from the committed offset. Resolves once the consumer joined and fetched.
 */
export async function startPlatformaticSubscription(
  subscribe: SubscribeOptions,
  options: PlatformaticSubscriptionOptions,
): Promise<KafkaClientSubscription> {
  const { groupId, topics, handleBatch } = subscribe;
  const { logger, retryBackoffMs, sessionTimeoutMs } = options;
  const consumer = new Consumer<string, Buffer, string, string>({
    ...options.connection,
    groupId,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
    rebalanceTimeout: Math.max(60_000, sessionTimeoutMs),
    autocommit: false,
    // As for kafkajs: a fetch gathers a few dozen events under load; an idle one answers in maxWaitTime.
    minBytes: subscribe.gather?.minBytes ?? 16_384,
    maxWaitTime: subscribe.gather?.maxWaitMs ?? 100,
    deserializers: {
      key: stringDeserializer,
      headerKey: stringDeserializer,
      headerValue: stringDeserializer,
    },
    // A broker away (a restart) is waited out, as kafkajs does; errors that cannot be retried are fatal.
    retries: true,
    retryDelay: 1_000,
  });
  const partitions = new Map<string, PartitionWork>();
  const owned = new Set<string>();
  const waiting = new Set<PartitionWork>();
  const toDrain = new Set<PartitionWork>();
  let active = 0;
  let queued = 0;
  let closing = false;
  let stream: MessagesStream<string, Buffer, string, string> | undefined;

  const positioned = startLatch();

  let crashed = false;
  function crash(error: Error): void {
    if (closing || crashed) return;
    crashed = true;
    options.onFatal(error, groupId);
    positioned.failed(error); // and `subscribe` fails too, if this was still its start
  }
  consumer.on('error', crash);

  function assign(assignments: GroupAssignment[]): void {
    const before = new Set(owned);
    owned.clear();
    for (const { topic, partitions: numbers } of assignments) {
      for (const partition of numbers) owned.add(`${topic}:${partition}`);
    }
    for (const key of before) {
      // The stream keeps its fetch position of a partition with no committed offset across
      // rebalances; given back later, it would skip what was fetched and dropped here. Without a
      // position it starts again where a new group would (this listener runs before the stream's).
      if (!owned.has(key)) stream?.offsetsToFetch.delete(key);
    }
    for (const work of partitions.values()) {
      if (owned.has(work.key)) continue;
      // Taken away: whoever has it now starts from the committed offset.
      partitions.delete(work.key);
      waiting.delete(work);
      queued -= work.queue.length;
      work.queue = [];
      clearTimeout(work.retryTimer);
      work.controller?.abort(new Error('the group rebalanced; the partition was revoked'));
    }
    flowControl();
  }
  consumer.on('consumer:group:join', (payload) => assign(payload.assignments ?? []));

  function flowControl(): void {
    if (!stream || closing) return;
    if (queued >= maxQueued && !stream.isPaused()) stream.pause();
    else if (queued < maxQueued / 2 && stream.isPaused()) stream.resume();
  }

  function onMessage(message: Received): void {
    const key = `${message.topic}:${message.partition}`;
    if (closing || !owned.has(key)) return;
    let work = partitions.get(key);
    if (!work) {
      work = { key, topic: message.topic, partition: message.partition, queue: [], next: -1n };
      partitions.set(key, work);
    }
    // After a rejoin the stream fetches again from the committed offset.
    if (message.offset < work.next) return;
    work.queue.push(message);
    work.next = message.offset + 1n;
    queued += 1;
    flowControl();
    // The messages of one fetch arrive one by one; they make one batch.
    if (toDrain.size === 0) setImmediate(drainScheduled);
    toDrain.add(work);
  }

  function drainScheduled(): void {
    const works = [...toDrain];
    toDrain.clear();
    for (const work of works) drain(work);
  }

  function drain(work: PartitionWork): void {
    if (closing || work.running || work.retryTimer || work.queue.length === 0) return;
    if (partitions.get(work.key) !== work) return;
    if (active >= options.partitionsConsumedConcurrently) {
      waiting.add(work);
      return;
    }
    waiting.delete(work);
    const batch = work.queue;
    work.queue = [];
    queued -= batch.length;
    flowControl();
    active += 1;
    const controller = new AbortController();
    work.controller = controller;
    work.running = handle(work, batch, controller).finally(() => {
      active -= 1;
      work.running = undefined;
      work.controller = undefined;
      drain(work);
      for (const next of [...waiting]) drain(next);
    });
  }

  async function handle(work: PartitionWork, batch: Received[], controller: AbortController): Promise<void> {
    const { topic, partition } = work;
    let succeeded = false;
    try {
      const messages = batch.map(received);
      await handleBatch(
        { topic, partition, messages },
        { heartbeat: async () => {}, signal: controller.signal },
      );
      succeeded = true;
    } catch (error) {
      if (!closing && !controller.signal.aborted) {
        logger.warn(
          { groupId, topic, partition, firstOffset: String(batch[0]!.offset), err: error },
          'event handler failed; the batch will be delivered again',
        );
      }
    }
    const stillOurs = partitions.get(work.key) === work;
    if (succeeded) {
      // Taken away meanwhile: its handled messages may come again to the next owner (handlers are
      // idempotent); committing now could move that owner's offset back.
      if (!stillOurs) return;
      const last = batch.at(-1)!;
      try {
        await consumer.commit({
          offsets: [{ topic, partition, offset: last.offset + 1n, leaderEpoch: last.leaderEpoch }],
        });
      } catch (error) {
        // The batch is handled; a later commit covers it, or the next owner handles it again.
        logger.warn({ groupId, topic, partition, err: error }, 'committing a handled batch failed');
      }
      return;
    }
    if (closing || !stillOurs) return; // whoever gets the partition next starts from the committed offset
    work.queue = [...batch, ...work.queue];
    queued += batch.length;
    work.retryTimer = setTimeout(() => {
      work.retryTimer = undefined;
      drain(work);
    }, retryBackoffMs);
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      const running: Promise<void>[] = [];
      for (const work of partitions.values()) {
        clearTimeout(work.retryTimer);
        work.controller?.abort(new Error('the subscription is closing'));
        if (work.running) running.push(work.running);
      }
      // The batches in flight settle (and commit), then the member leaves the group.
      await Promise.all(running);
      await stream
        ?.close()
        .catch((error: unknown) => logger.debug({ err: error }, 'closing the stream failed'));
      await consumer.close();
    })());

  try {
    stream = await consumer.consume({
      topics,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode:
        (subscribe.fromBeginning ?? true)
          ? MessagesStreamFallbackModes.EARLIEST
          : MessagesStreamFallbackModes.LATEST,
    });
    stream.on('error', crash);
    stream.once('fetch', () => positioned.ok());
    // A member given no partition never fetches; it is in place all the same.
    stream.on('offsets', () => {
      if (!(consumer.assignments ?? []).some((assignment) => assignment.partitions.length > 0))
        positioned.ok();
    });
    stream.on('data', onMessage);
    assign(consumer.assignments ?? []);
    await positioned.started;
  } catch (error) {
    crash(error as Error);
    await close().catch(() => undefined);
    throw error;
  }

  return {
    close,
    read: async (topic: string): Promise<GroupPartitionOffsets[]> => {
      const [ends, starts] = await Promise.all([
        consumer.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.LATEST }),
        consumer.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.EARLIEST }),
      ]);
      const high = ends.get(topic) ?? [];
      const numbers = high.map((_, partition) => partition);
      const committed = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: numbers }] });
      return high.map((end, partition) => ({
        partition,
        low: starts.get(topic)?.[partition] ?? 0n,
        high: end,
        committed: committed.get(topic)?.[partition] ?? -1n,
      }));
    },
  };
}

function received(message: Received): ReceivedMessage {
  const headers: Record<string, string> = {};
  // A repeated header: the last one wins, as with Java's lastHeader().
  for (const [name, value] of message.headerEntries) headers[name] = value ?? '';
  const value = message.value ?? Buffer.alloc(0);
  return {
    topic: message.topic,
    partition: message.partition,
    offset: String(message.offset),
    key: message.key ?? '',
    // A plain view, not a Buffer: Buffer#slice shares memory where Uint8Array#slice copies.
    value: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    headers,
  };
}
