import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The producer side: `outbox_events`, and the partial index the relay walks. */
export class CreateOutboxEventsTable1732500000000 implements MigrationInterface {
  name = 'CreateOutboxEventsTable1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL CONSTRAINT outbox_events_event_id_key UNIQUE,
        topic text NOT NULL,
        key text NOT NULL,
        payload bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    // Published rows pile up behind; the relay only ever reads the small unpublished tail.
    await runner.query(
      'CREATE INDEX outbox_events_unpublished_idx ON outbox_events (id) WHERE published_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE outbox_events');
  }
}
