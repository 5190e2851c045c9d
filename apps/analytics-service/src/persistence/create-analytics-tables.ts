import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '@coldreach/db';
import { analyticsTablesSql, liveSchema } from './analytics-tables';

/** The live analytics schema and its tables (a rebuild later creates the same ones beside it). */
export class CreateAnalyticsTables1765000000000 implements MigrationInterface {
  name = 'CreateAnalyticsTables1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(analyticsTablesSql(liveSchema));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA ${quoteIdent(liveSchema)} CASCADE`);
  }
}
