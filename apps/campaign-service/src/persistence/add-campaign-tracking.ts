import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open and click tracking per campaign (issue 16). Off for every existing campaign too: tracking
 * hurts the deliverability of cold email, so nobody gets it without asking.
 */
export class AddCampaignTracking1765000000000 implements MigrationInterface {
  name = 'AddCampaignTracking1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE campaigns
        ADD COLUMN track_opens boolean NOT NULL DEFAULT false,
        ADD COLUMN track_clicks boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE campaigns DROP COLUMN track_opens, DROP COLUMN track_clicks');
  }
}
