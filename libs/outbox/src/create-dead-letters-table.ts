import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The consumer side: messages that kept failing, with their bytes, headers and reason. */
export class CreateDeadLettersTable1732500000002 implements MigrationInterface {
  name = 'CreateDeadLettersTable1732500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY,
        consumer_group text NOT NULL,
        topic text NOT NULL,
        partition int NOT NULL,
        "offset" text NOT NULL,
        key text NOT NULL,
        value bytea NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        reason text NOT NULL,
        attempts int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz
      )`);
    // A batch redelivered after a crash must not store the same message twice.
    await runner.query(
      'CREATE UNIQUE INDEX dead_letters_message_key ON dead_letters (consumer_group, topic, partition, "offset")',
    );
    await runner.query('CREATE INDEX dead_letters_created_idx ON dead_letters (created_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dead_letters');
  }
}
