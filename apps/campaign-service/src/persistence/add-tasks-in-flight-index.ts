import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler counts a campaign's tasks in the Email service's hands (handed over, not yet
 * reported) before every hand-over round; without this index that count reads every task of the
 * campaign. Only tasks in flight are in it, a few thousand per sending campaign at most.
 */
export class AddTasksInFlightIndex1764400000000 implements MigrationInterface {
  name = 'AddTasksInFlightIndex1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      "CREATE INDEX campaign_tasks_in_flight_idx ON campaign_tasks (campaign_id) WHERE status IN ('scheduled', 'claimed', 'sending')",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX campaign_tasks_in_flight_idx');
  }
}
