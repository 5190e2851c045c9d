import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The consumer side: event ids each group has applied, for idempotent handling. */
export class CreateProcessedEventsTable1732500000001 implements MigrationInterface {
  name = 'CreateProcessedEventsTable1732500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE processed_events (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE processed_events');
  }
}
