import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Before every hand-over round the scheduler counts a campaign's tasks handed over in the last
 * minute and not yet reported; without this index that count reads every task of the campaign.
 * Only tasks in the Email service's hands are in it.
 */
export class AddTasksInFlightIndex1764400000000 implements MigrationInterface {
  name = 'AddTasksInFlightIndex1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      "CREATE INDEX campaign_tasks_in_flight_idx ON campaign_tasks (campaign_id, handed_over_at) WHERE status IN ('scheduled', 'claimed', 'sending')",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX campaign_tasks_in_flight_idx');
  }
}
