import type { EntityManager } from 'typeorm';
import type { EventMessage } from '@coldreach/events';
import { assertInTransaction, queryRows } from '@coldreach/db';

/** One row for the outbox: a topic, and the message `createEnvelope` built. */
export interface OutboxEventInput extends EventMessage {
  topic: string;
  eventId: string;
}

// 5 parameters a row; PostgreSQL allows 65535 parameters a statement.
const rowsPerStatement = 1000;

/**
 * Appends events to the outbox in the caller's transaction, so they commit (or roll back) with the
 * state change. Write them after the statement that locks the changed rows: then two transactions
 * on the same key also allocate outbox ids in commit order, and the relay keeps their order.
 */
export async function writeOutboxEvents(
  manager: EntityManager,
  events: readonly OutboxEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  assertInTransaction(manager, 'writeOutboxEvents');
  for (let start = 0; start < events.length; start += rowsPerStatement) {
    const chunk = events.slice(start, start + rowsPerStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((event) => {
      const at = params.length;
      params.push(event.eventId, event.topic, event.key, event.value, JSON.stringify(event.headers));
      return `($${at + 1}::uuid, $${at + 2}, $${at + 3}, $${at + 4}::bytea, $${at + 5}::jsonb)`;
    });
    await queryRows(
      manager,
      `INSERT INTO outbox_events (event_id, topic, key, payload, headers) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/**
 * The rows writeOutboxEvents writes, as an `INSERT … SELECT` for a data-modifying CTE of the
 * statement that makes the state change: one statement, atomic on its own, instead of a
 * transaction of several. Only events whose `owner` is among the ids `ownersSql` selects (text) are
 * written, in the order given; run after the CTE that locks the changed rows, so outbox ids follow
 * commit order as with writeOutboxEvents. Parameters are numbered from `firstParam`.
 */
export function outboxInsertSelect(
  events: readonly (OutboxEventInput & { owner: string })[],
  firstParam: number,
  ownersSql: string,
): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${firstParam + n}`;
  return {
    sql: `INSERT INTO outbox_events (event_id, topic, key, payload, headers)
      SELECT e.event_id, e.topic, e.key, e.payload, e.headers::jsonb
      FROM unnest(${p(0)}::text[], ${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::bytea[], ${p(5)}::text[])
        WITH ORDINALITY AS e(owner, event_id, topic, key, payload, headers, n)
      WHERE e.owner IN (${ownersSql})
      ORDER BY e.n`,
    params: [
      events.map((event) => event.owner),
      events.map((event) => event.eventId),
      events.map((event) => event.topic),
      events.map((event) => event.key),
      events.map((event) => event.value),
      events.map((event) => JSON.stringify(event.headers)),
    ],
  };
}
