import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1764300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // One row per (workspace, key). While the first request runs the row is `in_progress` and holds
    // a lock token (only its holder may complete or release it) and a lease, so a key whose request
    // died with its process frees itself instead of answering 409 for a day.
    await runner.query(`
      CREATE TABLE idempotency_keys (
        workspace_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL,
        lock_token uuid,
        locked_until timestamptz,
        status_code integer,
        response_headers jsonb,
        response_body bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (workspace_id, idempotency_key),
        CONSTRAINT idempotency_keys_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
        CONSTRAINT idempotency_keys_state CHECK (
          (state = 'in_progress' AND lock_token IS NOT NULL AND locked_until IS NOT NULL)
          OR (state = 'completed' AND status_code IS NOT NULL AND response_body IS NOT NULL)
        )
      )`);
    await runner.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idempotency_keys');
  }
}
