import type { Logger } from '@coldreach/observability';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { ReceivedMessage, SubscribeOptions, Subscription } from './event-bus';
import { startLatch } from './kafka-bus-shell';

export interface KafkaSubscriptionOptions {
  kafka: Kafka;
  logger: Logger;
  retryBackoffMs: number;
  sessionTimeoutMs: number;
  partitionsConsumedConcurrently: number;
  /** The consumer crashed and kafkajs will not restart it (during `subscribe` too). */
  onFatal(error: Error, groupId: string): void;
}

// Errors a heartbeat meets when the group is moving partitions, or has dropped this member.
const revocationErrors = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

/**
 * One kafkajs consumer in `groupId`. Offsets are committed per batch, only after the handler
 * resolved; a failed batch is not resolved, so the partition is fetched again from the same offset
 * once its backoff (a pause of that partition alone) is over. Resolves once the consumer joined the
 * group and fetched, so anything published afterwards reaches it, even with `fromBeginning: false`.
 */
export async function startKafkaSubscription(
  subscribe: SubscribeOptions,
  options: KafkaSubscriptionOptions,
): Promise<Subscription> {
  const { groupId, topics, handleBatch } = subscribe;
  const { kafka, logger, retryBackoffMs, sessionTimeoutMs } = options;
  const heartbeatInterval = Math.min(3_000, Math.floor(sessionTimeoutMs / 3));
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval,
    // Under load a fetch waits for some data to gather (a few dozen events), so handlers get
    // fewer, larger batches — one transaction for many events; an idle topic still answers within
    // fetch.max.wait.ms, which also bounds how late a resumed partition and a close are noticed.
    minBytes: subscribe.gather?.minBytes ?? 16_384,
    maxWaitTimeInMs: subscribe.gather?.maxWaitMs ?? 100,
    // Topics come from ensureTopics with their partition counts, never from a typo.
    allowAutoTopicCreation: false,
  });
  const inFlight = new Set<AbortController>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closing = false;

  const positioned = startLatch();
  const stopWaitingForFetch = consumer.on(consumer.events.FETCH, () => positioned.ok());
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || closing) return;
    options.onFatal(payload.error, groupId);
    positioned.failed(payload.error); // and `subscribe` fails too, if this was still its start
  });

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const controller = new AbortController();
    if (closing) controller.abort(new Error('the subscription is closing'));
    inFlight.add(controller);
    const heartbeat = async (): Promise<void> => {
      try {
        await payload.heartbeat();
      } catch (error) {
        // The partition may go to another member: tell the handler. Whether the batch still counts
        // is for the commit to find out; a heartbeat itself never fails the batch.
        if (revocationErrors.has((error as { type?: string }).type ?? '')) {
          controller.abort(new Error('the group is rebalancing; the partition may be revoked'));
        }
      }
    };
    // Keeps the member alive through long batches even if the handler never calls heartbeat().
    const keepAlive = setInterval(() => void heartbeat(), heartbeatInterval);
    let succeeded = false;
    try {
      const messages = batch.messages.map((message) => received(batch.topic, batch.partition, message));
      await handleBatch(
        { topic: batch.topic, partition: batch.partition, messages },
        { heartbeat, signal: controller.signal },
      );
      succeeded = true;
    } catch (error) {
      if (!closing) {
        logger.warn(
          {
            groupId,
            topic: batch.topic,
            partition: batch.partition,
            firstOffset: batch.firstOffset(),
            lastOffset: batch.lastOffset(),
            err: error,
          },
          'event handler failed; the batch will be delivered again',
        );
      }
    } finally {
      clearInterval(keepAlive);
      inFlight.delete(controller);
    }

    if (succeeded) {
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      // Explicit offsets: with autoCommit off, kafkajs' own "if necessary" commit never fires. A
      // failed commit (the group moved on) propagates, and kafkajs rejoins the group.
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
      payload.resolveOffset(batch.lastOffset());
      return;
    }
    if (closing) return; // whoever gets the partition next starts from the committed offset
    const resume = payload.pause();
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      resume();
    }, retryBackoffMs);
    retryTimers.add(timer);
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      for (const controller of inFlight) controller.abort(new Error('the subscription is closing'));
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      // Waits for the batches in flight to settle (and commit), then leaves the group.
      await consumer.disconnect();
    })());

  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: subscribe.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachBatch,
    });
    await positioned.started;
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  } finally {
    stopWaitingForFetch();
  }
  return { close };
}

function received(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    // A repeated header arrives as an array; the last one wins, as with Java's lastHeader().
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) headers[name] = last.toString();
  }
  const value = message.value ?? Buffer.alloc(0);
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    // A plain view, not a Buffer: Buffer#slice shares memory where Uint8Array#slice copies.
    value: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    headers,
  };
}
