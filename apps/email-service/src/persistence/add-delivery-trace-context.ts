import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context (`traceparent`, `tracestate`) of what scheduled a delivery, so the SMTP
 * send that a worker makes later continues that trace (issue 16). Empty for existing deliveries.
 */
export class AddDeliveryTraceContext1765100000000 implements MigrationInterface {
  name = 'AddDeliveryTraceContext1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE deliveries ADD COLUMN trace_context jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE deliveries DROP COLUMN trace_context');
  }
}
