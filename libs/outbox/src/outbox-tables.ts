import { CreateDeadLettersTable1732500000002 } from './create-dead-letters-table';
import { CreateOutboxEventsTable1732500000000 } from './create-outbox-events-table';
import { CreateProcessedEventsTable1732500000001 } from './create-processed-events-table';
import { DeletePublishedOutboxEvents1764000000000 } from './delete-published-outbox-events';
import { DeadLetterRecord } from './dead-letter-record';
import { OutboxEventRecord } from './outbox-event-record';
import { ProcessedEventRecord } from './processed-event-record';

// Each service adds these to its own entity and migration lists, so the tables live in (each shard
// of) its own database and commit with its own state changes.

/** Producer side: the `outbox_events` table. */
export const outboxEntities = [OutboxEventRecord];
export const outboxMigrations = [
  CreateOutboxEventsTable1732500000000,
  DeletePublishedOutboxEvents1764000000000,
];

/** Consumer side: `processed_events` (idempotency) and `dead_letters`. */
export const consumerEntities = [ProcessedEventRecord, DeadLetterRecord];
export const consumerMigrations = [
  CreateProcessedEventsTable1732500000001,
  CreateDeadLettersTable1732500000002,
];
