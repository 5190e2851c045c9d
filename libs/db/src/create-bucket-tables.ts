import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of a bucketed shard set, on every shard: `bucket_ownership` (the buckets this shard
 * accepts writes for; writers lock their bucket's row FOR SHARE, a move deletes it), and, used on
 * shard 0 only (the control shard), `shard_map` (one row per map version: owners[b] is bucket b's
 * shard) and the resharding journal `reshard_jobs` / `reshard_buckets`.
 */
export class CreateBucketTables1796500000000 implements MigrationInterface {
  name = 'CreateBucketTables1796500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE bucket_ownership (bucket smallint PRIMARY KEY)');
    await runner.query(`
      CREATE TABLE shard_map (
        version integer PRIMARY KEY,
        owners smallint[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE reshard_jobs (
        id serial PRIMARY KEY,
        shard_count integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    // One row per bucket the job moves; `unit` groups the buckets moved together.
    await runner.query(`
      CREATE TABLE reshard_buckets (
        job_id integer NOT NULL REFERENCES reshard_jobs (id),
        bucket smallint NOT NULL,
        unit integer NOT NULL,
        source smallint NOT NULL,
        target smallint NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        PRIMARY KEY (job_id, bucket)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE reshard_buckets, reshard_jobs, shard_map, bucket_ownership');
  }
}

export const bucketMigrations = [CreateBucketTables1796500000000];
