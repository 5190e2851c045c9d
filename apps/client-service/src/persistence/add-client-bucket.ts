import { bucketSql } from '@coldreach/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each client's virtual bucket (issue 19 §1), computed by PostgreSQL exactly as bucketFor does in
 * JS, stored (the table is rewritten once, which backfills it) and indexed: a reshard copies,
 * compares and deletes rows by bucket, and listings keep to the buckets a shard owns.
 */
export class AddClientBucket1796500000001 implements MigrationInterface {
  name = 'AddClientBucket1796500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE clients ADD COLUMN bucket smallint GENERATED ALWAYS AS (${bucketSql('id')}) STORED`,
    );
    await runner.query('CREATE INDEX clients_bucket_idx ON clients (bucket)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE clients DROP COLUMN bucket');
  }
}
