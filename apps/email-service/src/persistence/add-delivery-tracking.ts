import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open and click tracking (issue 16): whether a delivery's HTML gets an open pixel and tracked
 * links, as its campaign said at hand-over. Off for every existing delivery.
 */
export class AddDeliveryTracking1765000000000 implements MigrationInterface {
  name = 'AddDeliveryTracking1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE deliveries
        ADD COLUMN track_opens boolean NOT NULL DEFAULT false,
        ADD COLUMN track_clicks boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE deliveries DROP COLUMN track_opens, DROP COLUMN track_clicks');
  }
}
