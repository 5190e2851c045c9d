import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The `clients` table of one shard, with its dedup key and the index listings walk. */
export class CreateClientsTable1732300000000 implements MigrationInterface {
  name = 'CreateClientsTable1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        email text NOT NULL,
        first_name text NOT NULL DEFAULT '',
        last_name text NOT NULL DEFAULT '',
        company text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        phone text NOT NULL DEFAULT '',
        website text NOT NULL DEFAULT '',
        source_url text NOT NULL DEFAULT '',
        collected_at timestamptz(3),
        verification_status text NOT NULL DEFAULT 'unverified'
          CONSTRAINT clients_verification_status_check
          CHECK (verification_status IN ('unverified', 'valid', 'risky', 'invalid', 'unknown')),
        tags text[] NOT NULL DEFAULT '{}',
        custom_fields jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL
      )`);
    await runner.query('CREATE UNIQUE INDEX clients_workspace_email_key ON clients (workspace_id, email)');
    await runner.query(
      'CREATE INDEX clients_workspace_listing_idx ON clients (workspace_id, created_at DESC, id DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE clients');
  }
}
