import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk verification jobs, their items (one per client, the job's memory: a redelivered command finds
 * its item done and checks nothing again) and each workspace's verification settings.
 */
export class CreateVerificationTables1765000000000 implements MigrationInterface {
  name = 'CreateVerificationTables1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    // status: queued (listing its clients) → running → succeeded | failed | cancelled.
    await runner.query(`
      CREATE TABLE verification_jobs (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        filter jsonb NOT NULL,
        status text NOT NULL,
        -- The Client service's page token where listing resumes after a crash ('' at the start).
        list_cursor text NOT NULL DEFAULT '',
        total integer NOT NULL DEFAULT 0,
        checked integer NOT NULL DEFAULT 0,
        safe integer NOT NULL DEFAULT 0,
        risky integer NOT NULL DEFAULT 0,
        invalid integer NOT NULL DEFAULT 0,
        unknown integer NOT NULL DEFAULT 0,
        error_message text NOT NULL DEFAULT '',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        ended_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX verification_jobs_open_idx ON verification_jobs (created_at) WHERE status IN ('queued', 'running')`,
    );
    // state: queued → done; retry (an unknown worth asking again, from not_before) → done.
    await runner.query(`
      CREATE TABLE verification_items (
        job_id uuid NOT NULL REFERENCES verification_jobs (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        email text NOT NULL,
        state text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        not_before timestamptz(3),
        verdict text,
        PRIMARY KEY (job_id, client_id)
      )`);
    await runner.query(
      `CREATE INDEX verification_items_retry_idx ON verification_items (not_before) WHERE state = 'retry'`,
    );
    await runner.query(`
      CREATE TABLE verification_settings (
        workspace_id uuid PRIMARY KEY,
        auto_verify_new_leads boolean NOT NULL DEFAULT false,
        -- When it was last turned on: leads created before that are not new to it.
        auto_verify_since timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE verification_settings');
    await runner.query('DROP TABLE verification_items');
    await runner.query('DROP TABLE verification_jobs');
  }
}
