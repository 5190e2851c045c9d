import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open-URL index carries the URL's key: a claim looks its picked rows up by (job, key), and with
 * the job alone the planner, on a young table whose statistics are not in yet, walked every open URL
 * of the job for each row it picked.
 */
export class OpenUrlsByKey1764990000000 implements MigrationInterface {
  name = 'OpenUrlsByKey1764990000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX scrape_frontier_open_idx');
    await runner.query(
      `CREATE INDEX scrape_frontier_open_idx ON scrape_frontier (job_id, url_key) WHERE state IN ('queued', 'fetching')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX scrape_frontier_open_idx');
    await runner.query(
      `CREATE INDEX scrape_frontier_open_idx ON scrape_frontier (job_id) WHERE state IN ('queued', 'fetching')`,
    );
  }
}
