import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the request that launched a campaign (issue 16): the workers' hand-over
 * of its tasks continues that trace, so one trace runs from the launch to each SMTP send.
 */
export class AddLaunchTraceContext1765100000000 implements MigrationInterface {
  name = 'AddLaunchTraceContext1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE campaigns ADD COLUMN launch_trace_context jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE campaigns DROP COLUMN launch_trace_context');
  }
}
