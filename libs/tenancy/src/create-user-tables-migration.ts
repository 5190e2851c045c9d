import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUserTables1764900000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sessions_valid_after timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_lower CHECK (email = lower(email))
      )`);
    // Emails are stored lower-cased (checked above), so a plain unique index is case-insensitive.
    await runner.query('CREATE UNIQUE INDEX users_email_key ON users (email)');
    await runner.query(`
      CREATE TABLE memberships (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, workspace_id)
      )`);
    await runner.query('CREATE INDEX memberships_workspace_id_idx ON memberships (workspace_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE memberships');
    await runner.query('DROP TABLE users');
  }
}
