import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus, EventMessage } from '@coldreach/events';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import { queryRows } from '@coldreach/db';
import { cappedBackoffMs, createWakeableSleep } from '@coldreach/process';
import { startPublishSpans } from './publish-spans';
import { watchOutboxBacklog } from './outbox-metrics';

export interface OutboxRelayOptions {
  /** Every database (shard) with an `outbox_events` table; one publishing loop each. */
  shards: readonly DataSource[];
  bus: EventBus;
  logger: Logger;
  /**
   * The gRPC service (type name) the relay publishes for: labels its backlog metrics, and its loops'
   * heartbeats turn that service's health NOT_SERVING when one stalls. Absent: no heartbeats.
   */
  service?: string;
  /** Rows read, published and deleted per round (one transaction). Default 500. */
  batchSize?: number;
  /** Pause after a round that found less than a full batch. Default 100 ms. */
  pollIntervalMs?: number;
  /** Longest pause between failed rounds (the pause doubles from pollIntervalMs). Default 10 s. */
  maxBackoffMs?: number;
  /** Told about every failed round (the loop itself logs and retries). */
  onError?: (error: Error, shard: number) => void;
  /** Test-only fault injection. */
  faults?: {
    /** Runs after a round's events were published and before they are deleted; throwing = a crash there. */
    afterPublish?: (round: { shard: number; count: number }) => void | Promise<void>;
  };
}

export interface OutboxRelay {
  /** Lets the current rounds finish, then stops every loop. */
  stop(): Promise<void>;
  /** Publishes everything committed to the outboxes before the call; rejects if a round fails. */
  drain(): Promise<void>;
}

interface Row {
  id: string;
  topic: string;
  key: string;
  payload: Uint8Array;
  headers: Record<string, string>;
}

interface RoundResult {
  /** False when another relay held the shard's lock, so nothing was attempted. */
  locked: boolean;
  published: number;
}

// A transaction-scoped advisory lock per outbox table (the key pair is this constant, "outb", and the
// table's oid), so two relays on one shard never interleave their batches and per-key order holds;
// a relay that does not get it skips the round. It is released by the commit or rollback, or by the
// connection dropping when a relay process dies.
const lockClass = 0x6f757462;
const lockSql = `SELECT pg_try_advisory_xact_lock(${lockClass}, 'outbox_events'::regclass::oid::int) AS locked`;

/**
 * Publishes what services wrote to their outboxes: per shard, one round at a time, each round one
 * transaction that locks, reads the oldest rows in id order, publishes them, and deletes them. A
 * relay killed anywhere republishes at worst (consumers dedup on event id).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const { bus, logger, faults } = options;
  let stopping = false;
  // A round publishes with bounded retries (about 10 s) and a failed round pauses at most
  // maxBackoffMs: longer silence than this means a loop is stuck.
  const relayDeadlineMs = Math.max(120_000, 3 * maxBackoffMs);
  const stopWatchingBacklog = watchOutboxBacklog(options.shards, options.service ?? '');

  async function publishRound(shard: number, manager: EntityManager): Promise<RoundResult> {
    // Only the transaction's manager from here on: on PGlite the data source would wait for the
    // connection this transaction holds.
    const [lock] = await queryRows<{ locked: boolean }>(manager, lockSql, []);
    if (!lock?.locked) return { locked: false, published: 0 };
    const rows = await queryRows<Row>(
      manager,
      `SELECT id, topic, key, payload, headers FROM outbox_events
       WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [batchSize],
    );
    if (rows.length === 0) return { locked: true, published: 0 };
    for (const { topic, messages } of consecutiveByTopic(rows)) {
      const published = startPublishSpans(topic, messages);
      try {
        await bus.publish(topic, published.messages);
        published.end();
      } catch (error) {
        published.end(error);
        throw error;
      }
    }
    await faults?.afterPublish?.({ shard, count: rows.length });
    // Published rows go: keeping them (as earlier versions did) copied every payload once more and
    // let the table grow forever. Kafka holds the events from here on.
    await queryRows(manager, 'DELETE FROM outbox_events WHERE id = ANY($1::bigint[])', [
      rows.map((row) => row.id),
    ]);
    return { locked: true, published: rows.length };
  }

  const loops = options.shards.map((dataSource, shard) => {
    // Rounds of one shard never overlap in this process (the loop and drain() share this chain).
    let chain: Promise<unknown> = Promise.resolve();
    const round = (): Promise<RoundResult> => {
      const next = chain.then(() => dataSource.transaction((manager) => publishRound(shard, manager)));
      chain = next.catch(() => undefined);
      return next.then((result) => {
        if (result.published > 0) logger.debug({ shard, count: result.published }, 'outbox events published');
        return result;
      });
    };
    const sleep = createWakeableSleep();

    async function run(): Promise<void> {
      let failures = 0;
      const heartbeat = options.service
        ? workerHeartbeats.start(options.service, `outbox-relay-${shard}`, { deadlineMs: relayDeadlineMs })
        : undefined;
      while (!stopping) {
        heartbeat?.tick();
        try {
          const result = await round();
          failures = 0;
          if (result.published < batchSize) await sleep(pollIntervalMs);
        } catch (error) {
          failures++;
          const err = error instanceof Error ? error : new Error(String(error));
          const retryInMs = cappedBackoffMs(failures, { baseMs: pollIntervalMs, maxMs: maxBackoffMs });
          logger.warn({ shard, err, failures, retryInMs }, 'outbox relay round failed; retrying');
          options.onError?.(err, shard);
          await sleep(retryInMs);
        }
      }
      heartbeat?.stop();
    }

    return { round, sleep, done: run() };
  });

  return {
    async stop() {
      stopping = true;
      for (const loop of loops) loop.sleep.wake();
      await Promise.all(loops.map((loop) => loop.done));
      stopWatchingBacklog();
    },

    async drain() {
      await Promise.all(
        loops.map(async (loop) => {
          for (;;) {
            if (stopping) throw new Error('the outbox relay is stopped');
            const result = await loop.round();
            // Not locked: another relay is publishing this shard; wait for it to get through.
            if (!result.locked) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
            else if (result.published < batchSize) return;
          }
        }),
      );
    },
  };
}

/** Runs of consecutive rows with the same topic, in id order: one publish call each. */
function consecutiveByTopic(rows: readonly Row[]): { topic: string; messages: EventMessage[] }[] {
  const groups: { topic: string; messages: EventMessage[] }[] = [];
  for (const row of rows) {
    const message = { key: row.key, value: row.payload, headers: row.headers };
    const last = groups[groups.length - 1];
    if (last && last.topic === row.topic) last.messages.push(message);
    else groups.push({ topic: row.topic, messages: [message] });
  }
  return groups;
}
