import { isUuid } from '@coldreach/ids';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError, invalidArgument, notFound } from '@coldreach/errors';
import type { EventBus, ReceivedMessage } from '@coldreach/events';
import { eventHeaders } from './create-envelope';
import { queryRows } from '@coldreach/db';

/** A dead letter as listed: where it came from and why, without its bytes. */
export interface DeadLetter {
  id: string;
  consumerGroup: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  reason: string;
  attempts: number;
  createdAt: Date;
  replayedAt: Date | null;
}

const summaryColumns = `id, consumer_group, topic, partition, "offset", key, reason, attempts, created_at, replayed_at`;
const maxReasonLength = 2000;

interface SummaryRow {
  id: string;
  consumer_group: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  reason: string;
  attempts: number;
  created_at: Date | string;
  replayed_at: Date | string | null;
}

/**
 * Keeps a message a consumer group gave up on: its exact bytes and headers, and the reason (an error
 * message, never the payload). Storing the same message (group, topic, partition, offset) again is a
 * no-op, so a batch redelivered after a crash adds nothing. Answers the dead letter's id.
 */
export async function storeDeadLetter(
  dataSource: DataSource,
  entry: { consumerGroup: string; message: ReceivedMessage; reason: string; attempts: number },
): Promise<string> {
  const { message } = entry;
  const rows = await queryRows<{ id: string }>(
    dataSource.manager,
    `INSERT INTO dead_letters (id, consumer_group, topic, partition, "offset", key, value, headers, reason, attempts)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::bytea, $8::jsonb, $9, $10)
     ON CONFLICT (consumer_group, topic, partition, "offset")
       DO UPDATE SET reason = dead_letters.reason
     RETURNING id`,
    [
      randomUUID(),
      entry.consumerGroup,
      message.topic,
      message.partition,
      message.offset,
      message.key,
      message.value,
      JSON.stringify(message.headers),
      entry.reason.slice(0, maxReasonLength),
      entry.attempts,
    ],
  );
  return (rows[0] as { id: string }).id;
}

/** Dead letters oldest first (the order to replay them in), replayed ones included. */
export async function listDeadLetters(
  dataSource: DataSource,
  options: { limit?: number } = {},
): Promise<DeadLetter[]> {
  const rows = await queryRows<SummaryRow>(
    dataSource.manager,
    `SELECT ${summaryColumns} FROM dead_letters ORDER BY created_at, id LIMIT $1`,
    [options.limit ?? 100],
  );
  return rows.map(toDeadLetter);
}

/**
 * Publishes a dead letter again, byte for byte, to its topic with a `replayed-from` header, and marks
 * it replayed in the same transaction. A dead letter is replayed once: NOT_FOUND for an unknown id,
 * FAILED_PRECONDITION for one already replayed. A crash after publishing and before the commit can
 * publish it twice, which consumers absorb as any redelivery.
 */
export async function replayDeadLetter(
  dataSource: DataSource,
  bus: EventBus,
  id: string,
): Promise<DeadLetter> {
  if (!isUuid(id)) throw invalidArgument([{ field: 'id', message: 'must be a UUID' }]);
  return dataSource.transaction(async (manager) => {
    // FOR UPDATE: a concurrent replay of the same id waits here, then sees replayed_at and refuses.
    const [row] = await queryRows<SummaryRow & { value: Uint8Array; headers: Record<string, string> }>(
      manager,
      `SELECT ${summaryColumns}, value, headers FROM dead_letters WHERE id = $1::uuid FOR UPDATE`,
      [id],
    );
    if (!row) throw notFound(`dead letter ${id}`);
    if (row.replayed_at !== null) {
      const when = new Date(row.replayed_at).toISOString();
      throw new DomainError('failed_precondition', `dead letter ${id} was already replayed at ${when}`);
    }
    await bus.publish(row.topic, [
      { key: row.key, value: row.value, headers: { ...row.headers, [eventHeaders.replayedFrom]: id } },
    ]);
    const [updated] = await queryRows<SummaryRow>(
      manager,
      `UPDATE dead_letters SET replayed_at = now() WHERE id = $1::uuid RETURNING ${summaryColumns}`,
      [id],
    );
    return toDeadLetter(updated as SummaryRow);
  });
}

function toDeadLetter(row: SummaryRow): DeadLetter {
  return {
    id: row.id,
    consumerGroup: row.consumer_group,
    topic: row.topic,
    partition: Number(row.partition),
    offset: row.offset,
    key: row.key,
    reason: row.reason,
    attempts: Number(row.attempts),
    createdAt: new Date(row.created_at),
    replayedAt: row.replayed_at === null ? null : new Date(row.replayed_at),
  };
}
