import type { MigrationInterface, QueryRunner } from 'typeorm';
import { bucketSql } from '../buckets';

/**
 * A migration (named `name`, e.g. 'AddEmailWorkspaceBuckets1796600000000') giving each of `tables`
 * a `bucket` column computed by PostgreSQL as bucketFor does on `keyColumn`, stored (each table is
 * rewritten once, which backfills it) and indexed: a reshard copies, compares and deletes rows by
 * bucket. For a uuid key, bucketFor must be given the id in lower case (as a uuid prints).
 */
export function bucketColumnsMigration(
  name: string,
  tables: readonly string[],
  keyColumn: string,
): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      for (const table of tables) {
        await runner.query(
          `ALTER TABLE ${table} ADD COLUMN bucket smallint GENERATED ALWAYS AS (${bucketSql(keyColumn)}) STORED`,
        );
        await runner.query(`CREATE INDEX ${table}_bucket_idx ON ${table} (bucket)`);
      }
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of tables) await runner.query(`ALTER TABLE ${table} DROP COLUMN bucket`);
    }
  };
}
