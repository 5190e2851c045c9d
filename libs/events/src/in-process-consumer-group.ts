import type { Logger } from '@coldreach/observability';
import type { EventMessage, ReceivedMessage, SubscribeOptions } from './event-bus';

/** One partition's retained messages: `entries[i]` has offset `start + i`. */
export interface PartitionLog {
  start: number;
  entries: EventMessage[];
}

/** A topic's partitions. */
export type PartitionLogs = PartitionLog[];

export interface InProcessConsumerGroupOptions {
  groupId: string;
  /** The logs of a topic, created with the default partition count if the topic is unknown. */
  logsOf(topic: string): PartitionLogs;
  /** The group moved its committed offset on this partition. */
  committed(topic: string, partition: number): void;
  retryBackoffMs: number;
  rebalanceTimeoutMs: number;
  maxBatchSize: number;
  logger?: Logger;
}

export interface InProcessConsumerGroup {
  /** Adds a member; the group's partitions are shared again, this one included. */
  join(options: SubscribeOptions): { leave(): Promise<void> };
  /** Messages were appended to this partition. */
  appended(topic: string, partition: number): void;
  /** The next offset the group has to handle, if it consumes this partition. */
  committedOffset(topic: string, partition: number): number | undefined;
  /** Whether a member of the group subscribes to the topic now. */
  hasMembers(topic: string): boolean;
}

interface Member {
  topics: ReadonlySet<string>;
  handleBatch: SubscribeOptions['handleBatch'];
  leaving: boolean;
}

interface InFlight {
  member: Member;
  controller: AbortController;
  done: Promise<void>;
}

/** One partition of one topic as this group consumes it. */
interface Slot {
  topic: string;
  partition: number;
  /** The committed offset: the next message the group has to handle. */
  next: number;
  owner: Member | undefined;
  inFlight: InFlight | undefined;
  /** A rebalance moving the partition, waiting for the in-flight batch to settle (or time out). */
  handover: { to: Member | undefined; timer: NodeJS.Timeout } | undefined;
  retryTimer: NodeJS.Timeout | undefined;
}

/**
 * A consumer group in memory with Kafka's semantics: members share the partitions of the topics they
 * subscribe to, one batch in flight per partition, offsets committed only after a batch succeeded, a
 * failed batch delivered again from the committed offset after a backoff. Like Kafka's eager
 * rebalance, a partition taken from a member is handed over only once that member's batch settled
 * (its signal is aborted to hurry it), or after `rebalanceTimeoutMs`, when its late commit is ignored.
 */
export function createInProcessConsumerGroup(options: InProcessConsumerGroupOptions): InProcessConsumerGroup {
  const { groupId, logsOf, committed, retryBackoffMs, rebalanceTimeoutMs, maxBatchSize, logger } = options;
  const members: Member[] = [];
  const slotsByTopic = new Map<string, Slot[]>();

  function join(subscribe: SubscribeOptions): { leave(): Promise<void> } {
    const member: Member = {
      topics: new Set(subscribe.topics),
      handleBatch: subscribe.handleBatch,
      leaving: false,
    };
    for (const topic of member.topics) {
      if (slotsByTopic.has(topic)) continue;
      // A new group starts at the earliest retained message, or at the end for `fromBeginning:
      // false`; known partitions keep their committed offsets, like a group coming back to Kafka.
      const slots = logsOf(topic).map((log, partition): Slot => ({
        topic,
        partition,
        next: subscribe.fromBeginning === false ? log.start + log.entries.length : log.start,
        owner: undefined,
        inFlight: undefined,
        handover: undefined,
        retryTimer: undefined,
      }));
      slotsByTopic.set(topic, slots);
    }
    members.push(member);
    rebalance();
    let left: Promise<void> | undefined;
    return { leave: () => (left ??= leave(member)) };
  }

  async function leave(member: Member): Promise<void> {
    member.leaving = true;
    members.splice(members.indexOf(member), 1);
    const busy = allSlots().flatMap((slot) => (slot.inFlight?.member === member ? [slot.inFlight.done] : []));
    rebalance();
    await Promise.all(busy);
  }

  function appended(topic: string, partition: number): void {
    const slot = slotsByTopic.get(topic)?.[partition];
    if (slot) pump(slot);
  }

  function allSlots(): Slot[] {
    return [...slotsByTopic.values()].flat();
  }

  function rebalance(): void {
    for (const [topic, slots] of slotsByTopic) {
      const subscribers = members.filter((member) => member.topics.has(topic));
      for (const slot of slots) {
        moveTo(slot, subscribers.length > 0 ? subscribers[slot.partition % subscribers.length] : undefined);
      }
    }
  }

  function moveTo(slot: Slot, to: Member | undefined): void {
    if (slot.inFlight && slot.inFlight.member !== to) {
      if (slot.handover) {
        slot.handover.to = to;
        return;
      }
      slot.inFlight.controller.abort(new Error('partition revoked by a rebalance'));
      const timer = setTimeout(() => handOver(slot), rebalanceTimeoutMs);
      timer.unref();
      slot.handover = { to, timer };
      return;
    }
    if (slot.handover) {
      clearTimeout(slot.handover.timer);
      slot.handover = undefined;
    }
    if (slot.owner !== to) setOwner(slot, to);
    pump(slot);
  }

  function handOver(slot: Slot): void {
    if (!slot.handover) return;
    clearTimeout(slot.handover.timer);
    const { to } = slot.handover;
    slot.handover = undefined;
    // After a timeout the old batch may still run; forgetting it makes its eventual commit ignored.
    slot.inFlight = undefined;
    setOwner(slot, to);
    pump(slot);
  }

  function setOwner(slot: Slot, owner: Member | undefined): void {
    slot.owner = owner;
    // A new owner starts from the committed offset at once, as after a Kafka rebalance.
    clearTimeout(slot.retryTimer);
    slot.retryTimer = undefined;
  }

  function pump(slot: Slot): void {
    const member = slot.owner;
    if (!member || member.leaving || slot.inFlight || slot.handover || slot.retryTimer) return;
    const log = logsOf(slot.topic)[slot.partition];
    if (!log) return;
    if (slot.next < log.start) {
      // Dropped by the retention cap while the group had no member, as Kafka's retention would.
      logger?.warn(
        { groupId, topic: slot.topic, partition: slot.partition, lost: log.start - slot.next },
        'messages dropped by retention before this group consumed them',
      );
      slot.next = log.start;
    }
    if (slot.next >= log.start + log.entries.length) return;
    const from = slot.next;
    const { topic, partition } = slot;
    // Copies, so a handler that mutates what it got cannot change what is delivered again.
    const messages = log.entries
      .slice(from - log.start, from - log.start + maxBatchSize)
      .map((message, index): ReceivedMessage => ({
        key: message.key,
        value: message.value.slice(),
        headers: { ...message.headers },
        topic,
        partition,
        offset: String(from + index),
      }));
    const controller = new AbortController();
    const inFlight: InFlight = { member, controller, done: Promise.resolve() };
    slot.inFlight = inFlight;
    // Started on a later tick so a handler never runs inside `publish` or `subscribe`.
    inFlight.done = Promise.resolve()
      .then(() =>
        member.handleBatch(
          { topic, partition, messages },
          { heartbeat: () => Promise.resolve(), signal: controller.signal },
        ),
      )
      .then(
        () => true,
        (error: unknown) => {
          logger?.warn(
            { groupId, topic, partition, fromOffset: from, count: messages.length, err: error },
            'event handler failed; the batch will be delivered again',
          );
          return false;
        },
      )
      .then((succeeded) => settle(slot, inFlight, succeeded, from + messages.length));
  }

  function settle(slot: Slot, inFlight: InFlight, succeeded: boolean, end: number): void {
    if (slot.inFlight !== inFlight) return;
    slot.inFlight = undefined;
    // The commit. A revoked partition's batch still commits if it settled within the rebalance
    // timeout, as a Kafka member may commit while the group prepares to rebalance.
    if (succeeded) {
      slot.next = end;
      committed(slot.topic, slot.partition);
    }
    if (slot.handover) {
      handOver(slot);
    } else if (succeeded) {
      pump(slot);
    } else {
      slot.retryTimer = setTimeout(() => {
        slot.retryTimer = undefined;
        pump(slot);
      }, retryBackoffMs);
      slot.retryTimer.unref();
    }
  }

  function committedOffset(topic: string, partition: number): number | undefined {
    return slotsByTopic.get(topic)?.[partition]?.next;
  }

  function hasMembers(topic: string): boolean {
    return members.some((member) => member.topics.has(topic));
  }

  return { join, appended, committedOffset, hasMembers };
}
