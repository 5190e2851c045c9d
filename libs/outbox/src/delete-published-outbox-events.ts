import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay now deletes a row once it is published instead of setting `published_at` (an update
 * copied the whole row, payload included, and the table only ever grew). This removes what earlier
 * relays left behind. The column and its index stay, always null and covering every row, so a
 * relay of the previous version still works during a rolling upgrade.
 */
export class DeletePublishedOutboxEvents1764000000000 implements MigrationInterface {
  name = 'DeletePublishedOutboxEvents1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM outbox_events WHERE published_at IS NOT NULL');
  }

  async down(): Promise<void> {
    // Nothing to restore: the deleted rows had been published.
  }
}
