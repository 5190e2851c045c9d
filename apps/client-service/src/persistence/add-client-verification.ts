import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last verification recorded on a client (issue 14). All null while never checked; the status
 * itself stays in `verification_status`, which a user may also set by hand.
 */
export class AddClientVerification1796342400000 implements MigrationInterface {
  name = 'AddClientVerification1796342400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE clients
        ADD COLUMN verification_verdict text,
        ADD COLUMN verification_reasons text[],
        ADD COLUMN verification_mx_host text,
        ADD COLUMN verification_checked_at timestamptz(3),
        ADD COLUMN verification_from_cache boolean`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE clients
        DROP COLUMN verification_verdict,
        DROP COLUMN verification_reasons,
        DROP COLUMN verification_mx_host,
        DROP COLUMN verification_checked_at,
        DROP COLUMN verification_from_cache`);
  }
}
