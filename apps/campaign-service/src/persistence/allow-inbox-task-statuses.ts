import type { MigrationInterface, QueryRunner } from 'typeorm';

const statusesBefore = [
  'pending',
  'scheduled',
  'claimed',
  'sending',
  'sent',
  'failed',
  'suppressed',
  'unknown',
  'cancelled',
];

/**
 * A sent task may end `replied` or `bounced` once the mailbox's inbox is read (issue 15): the
 * status check gains both. A check constraint cannot be altered, so it is replaced.
 */
export class AllowInboxTaskStatuses1764900000000 implements MigrationInterface {
  name = 'AllowInboxTaskStatuses1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await replaceStatusCheck(runner, [...statusesBefore, 'replied', 'bounced']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("UPDATE campaign_tasks SET status = 'sent' WHERE status IN ('replied', 'bounced')");
    await replaceStatusCheck(runner, statusesBefore);
  }
}

async function replaceStatusCheck(runner: QueryRunner, statuses: string[]): Promise<void> {
  const list = statuses.map((status) => `'${status}'`).join(', ');
  await runner.query('ALTER TABLE campaign_tasks DROP CONSTRAINT campaign_tasks_status_check');
  await runner.query(
    `ALTER TABLE campaign_tasks ADD CONSTRAINT campaign_tasks_status_check CHECK (status IN (${list}))`,
  );
}
