import type { Logger } from '@coldreach/observability';
import type { EventBus, EventMessage, SubscribeOptions, Subscription, TopicSpec } from './event-bus';
import {
  createInProcessConsumerGroup,
  type InProcessConsumerGroup,
  type PartitionLog,
  type PartitionLogs,
} from './in-process-consumer-group';
import { traceBatches } from './message-tracing';
import { partitionForKey } from './partition-for-key';

export interface InProcessEventBusOptions {
  /** Partitions of a topic used before `ensureTopics` named it (Kafka's auto-creation). Default 3. */
  partitionsByDefault?: number;
  /** Wait before a failed batch is delivered again. Default 1000 ms. */
  retryBackoffMs?: number;
  /** How long a rebalance waits for a revoked partition's batch before moving it anyway. Default 60 s. */
  rebalanceTimeoutMs?: number;
  /** Most messages in one batch. Default 500. */
  maxBatchSize?: number;
  /**
   * Most messages kept per partition for readers that are not there, like Kafka's retention:
   * beyond it the oldest are dropped when no group with a member still needs them (a topic nobody
   * reads, a group whose members all left; such a group goes on from the oldest one kept, with a
   * warning). A group with members loses nothing: its lag is its own to report. Default 100,000.
   */
  maxRetainedPerPartition?: number;
  /**
   * Keep every message (up to maxRetainedPerPartition) until `started()` is called. A process that
   * starts several services on one bus sets it: their groups join one after another while outbox
   * relays already publish what a crash left unpublished, and a group that joined late would
   * otherwise find those messages dropped because the groups before it had consumed them.
   */
  holdUntilStarted?: boolean;
  /** Where failed batches are reported (the error, never the messages). */
  logger?: Logger;
}

/**
 * The event bus in memory, for the embedded mode and unit tests: partitioned topics, consumer groups
 * sharing partitions, commits after success, redelivery after failure. Nothing survives the process.
 * A message is kept until every group that consumes its topic has committed past it, and beyond
 * `maxRetainedPerPartition` per partition only while a group with members still needs it (a topic
 * no group reads keeps its newest ones), which stands in for Kafka's retention: a group created
 * later starts at the earliest message still kept.
 */
export interface InProcessEventBus extends EventBus {
  /** Every group that consumes has joined: messages every group consumed may go (see holdUntilStarted). */
  started(): void;
}

export function createInProcessEventBus(options: InProcessEventBusOptions = {}): InProcessEventBus {
  const partitionsByDefault = positiveInteger(options.partitionsByDefault ?? 3, 'partitionsByDefault');
  const maxRetained = positiveInteger(options.maxRetainedPerPartition ?? 100_000, 'maxRetainedPerPartition');
  const topics = new Map<string, PartitionLogs>();
  const groups = new Map<string, InProcessConsumerGroup>();
  const subscriptions = new Set<Subscription>();
  let closed = false;
  let holding = options.holdUntilStarted ?? false;

  function logsOf(topic: string, partitions = partitionsByDefault): PartitionLogs {
    let logs = topics.get(topic);
    if (!logs) {
      logs = Array.from({ length: partitions }, (): PartitionLog => ({ start: 0, entries: [] }));
      topics.set(topic, logs);
    }
    return logs;
  }

  function groupOf(groupId: string): InProcessConsumerGroup {
    let group = groups.get(groupId);
    if (!group) {
      group = createInProcessConsumerGroup({
        groupId,
        logsOf: (topic) => logsOf(topic),
        committed: trim,
        retryBackoffMs: options.retryBackoffMs ?? 1000,
        rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
        maxBatchSize: options.maxBatchSize ?? 500,
        logger: options.logger,
      });
      groups.set(groupId, group);
    }
    return group;
  }

  /** Drops what every group has consumed: memory stays bounded while consumers keep up. */
  function trim(topic: string, partition: number): void {
    const log = topics.get(topic)?.[partition];
    if (!log || holding) return;
    let lowest = Infinity;
    for (const group of groups.values())
      lowest = Math.min(lowest, group.committedOffset(topic, partition) ?? Infinity);
    if (lowest === Infinity || lowest <= log.start) return;
    log.entries.splice(0, lowest - log.start);
    log.start = lowest;
  }

  function dropBeyondRetention(topic: string, partition: number, log: PartitionLog): void {
    const excess = log.entries.length - maxRetained;
    if (excess <= 0) return;
    let neededFrom = Infinity;
    for (const group of groups.values()) {
      if (group.hasMembers(topic))
        neededFrom = Math.min(neededFrom, group.committedOffset(topic, partition) ?? Infinity);
    }
    const drop = Math.min(excess, neededFrom - log.start);
    if (drop <= 0) return;
    log.entries.splice(0, drop);
    log.start += drop;
  }

  function assertOpen(): void {
    if (closed) throw new Error('the event bus is closed');
  }

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      assertOpen();
      for (const spec of specs)
        logsOf(spec.name, positiveInteger(spec.partitions, `${spec.name} partitions`));
    },

    async publish(topic: string, messages: EventMessage[]): Promise<void> {
      assertOpen();
      const logs = logsOf(topic);
      const touched = new Set<number>();
      for (const message of messages) {
        const partition = partitionForKey(message.key, logs.length);
        // Copied, as Kafka would have serialised it: the caller may reuse its buffers.
        logs[partition]!.entries.push({
          key: message.key,
          value: message.value.slice(),
          headers: { ...message.headers },
        });
        touched.add(partition);
      }
      for (const partition of touched) dropBeyondRetention(topic, partition, logs[partition]!);
      for (const group of groups.values()) {
        for (const partition of touched) group.appended(topic, partition);
      }
    },

    async subscribe(subscribe: SubscribeOptions): Promise<Subscription> {
      assertOpen();
      if (!subscribe.groupId) throw new Error('subscribe needs a groupId');
      if (subscribe.topics.length === 0) throw new Error('subscribe needs at least one topic');
      const membership = groupOf(subscribe.groupId).join({
        ...subscribe,
        handleBatch: traceBatches(subscribe.handleBatch, subscribe.groupId),
      });
      const subscription: Subscription = {
        close: async () => {
          subscriptions.delete(subscription);
          await membership.leave();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    started(): void {
      holding = false;
      for (const [topic, logs] of topics) logs.forEach((_, partition) => trim(topic, partition));
    },

    onFatal(): void {
      // Nothing in memory crashes the way a Kafka consumer can: a failing handler is retried, and
      // there is no connection to lose. Listeners are accepted and never called.
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
    },
  };
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer`);
  return value;
}
