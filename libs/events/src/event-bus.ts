/** One message as producers hand it to the bus: bytes, a key that orders it, and string headers. */
export interface EventMessage {
  /** Messages with the same key land on the same partition and are consumed in order. */
  key: string;
  value: Uint8Array;
  /** W3C trace context (`traceparent`), event id, type, … */
  headers: Record<string, string>;
}

/** A message as a consumer receives it, with where it came from. */
export interface ReceivedMessage extends EventMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are int64; kept as a decimal string. */
  offset: string;
}

/** Consecutive messages of one partition of one topic. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
}

export interface BatchContext {
  /** Call during long batches so the group does not consider this member dead. */
  heartbeat(): Promise<void>;
  /** Aborted when the subscription is closing or the partition was taken away (rebalance). */
  signal: AbortSignal;
}

export interface SubscribeOptions {
  /** Consumer group: every member of a group gets a share of the partitions. */
  groupId: string;
  topics: string[];
  /**
   * Handles one batch. Offsets are committed only after it resolves; if it throws, nothing of the
   * batch is committed and the batch is delivered again (after a backoff). Handlers must therefore
   * be idempotent. The next batch of the same partition is not delivered before this one settles,
   * which is the back-pressure.
   */
  handleBatch(batch: MessageBatch, context: BatchContext): Promise<void>;
  /** Where a new group starts: the earliest retained message (default) or only new ones. */
  fromBeginning?: boolean;
  /**
   * How much a fetch waits to gather before the handler gets it (Kafka only): at least `minBytes`
   * or `maxWaitMs`, whichever comes first. Default 16 KiB or 100 ms. A consumer whose events may
   * arrive a little later waits longer and gets fewer, larger batches (one transaction each).
   */
  gather?: { minBytes: number; maxWaitMs: number };
}

export interface Subscription {
  /** Stops fetching, lets the current batch finish and commit, leaves the group. */
  close(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

/**
 * The event bus every service uses; Kafka in connected mode, in-process in embedded mode and unit
 * tests, with the same semantics. Nothing outside libs/events imports kafkajs.
 */
export interface EventBus {
  /** Creates missing topics with these partition counts (existing ones are left as they are). */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Resolves once every message is durably accepted (acks=all); order is kept per key. */
  publish(topic: string, messages: EventMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Called when a consumer or producer can no longer work (a crashed consumer, a non-retriable
   * error). The service must then report NOT_SERVING and exit non-zero so a supervisor restarts it,
   * rather than sit silently stopped.
   */
  onFatal(listener: (error: Error) => void): void;
  close(): Promise<void>;
}
